package io.jmreg.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.exceptions.ModelNotFoundException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.core.store.StoreUris;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A missing bucket, bad credentials or bad settings fail at open with a message naming what is wrong. */
class S3OpenErrorsTest {
    @Test
    void aMissingBucketIsReportedAtOpen() throws Exception {
        S3ProxyServer server = S3ProxyServer.shared();
        String uri = server.freshUri().replace("s3://" + S3ProxyServer.BUCKET + "/", "s3://no-such-bucket/");
        assertThatThrownBy(() -> ModelRegistry.open(uri)).isInstanceOf(StorageException.class)
                .hasMessageContaining("bucket 'no-such-bucket' does not exist").hasMessageContaining("404");
    }

    @Test
    void badCredentialsAreReportedAtOpen() throws Exception {
        String uri = S3ProxyServer.shared().freshUri().replace("secret-key=" + S3ProxyServer.CREDENTIAL, "secret-key=wrong");
        assertThatThrownBy(() -> ModelRegistry.open(uri)).isInstanceOf(StorageException.class)
                .hasMessageContaining(S3ProxyServer.BUCKET).hasMessageContaining("403");
    }

    @Test
    void settingsAreValidatedAndNormalised() {
        assertThatThrownBy(() -> S3Config.parse("s3:///prefix", Map.of())).isInstanceOf(StorageException.class)
                .hasMessageContaining("no bucket");
        assertThatThrownBy(() -> S3Config.parse("s3://b/p?part-size-mib=1", Map.of())).isInstanceOf(StorageException.class)
                .hasMessageContaining("at least 5 MiB");
        assertThatThrownBy(() -> S3Config.parse("s3://b/p?sse=rot13", Map.of())).isInstanceOf(StorageException.class)
                .hasMessageContaining("AES256 or aws:kms");
        S3Config c = S3Config.parse("s3://bucket/a/b?endpoint=http://127.0.0.1:9000&sse=aws:kms",
                Map.of("s3.kms-key-id", "key-1", "s3.region", "eu-west-1", "concurrency", "3"));
        assertThat(c.bucket()).isEqualTo("bucket");
        assertThat(c.prefix()).isEqualTo("a/b/");
        assertThat(c.pathStyle()).isTrue();
        assertThat(c.region()).isEqualTo("eu-west-1");
        assertThat(c.kmsKeyId()).isEqualTo("key-1");
        assertThat(c.concurrency()).isEqualTo(3);
        assertThat(c.checksumsWhenRequired()).isTrue();
        assertThat(c.partSize()).isEqualTo(64L << 20);
        assertThat(S3Config.parse("s3://bucket", Map.of()).prefix()).isEmpty();
    }

    @Test
    void theSecretKeyInTheStoreUriNeverReachesAMessage() throws Exception {
        String uri = S3ProxyServer.shared().freshUri();
        assertThat(uri).contains("secret-key=" + S3ProxyServer.CREDENTIAL);
        try (ModelRegistry registry = ModelRegistry.open(uri)) {
            assertThat(registry.uri()).as("the URI still opens the store").isEqualTo(uri);
            assertThat(registry.toString()).doesNotContain(S3ProxyServer.CREDENTIAL).contains("secret-key=***");
            assertThatThrownBy(() -> registry.resolve("absent@production"))
                    .isInstanceOf(ModelNotFoundException.class)
                    .hasMessageContaining("secret-key=***").hasMessageNotContaining(S3ProxyServer.CREDENTIAL);
        }
        assertThat(StoreUris.redacted("s3://b/p?region=x&SecretKey=abc&session_token=t#f&x=1"))
                .isEqualTo("s3://b/p?region=x&SecretKey=***&session_token=***#f&x=1");
    }
}
