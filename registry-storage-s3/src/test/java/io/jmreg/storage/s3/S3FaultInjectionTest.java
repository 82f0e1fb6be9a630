package io.jmreg.storage.s3;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.exceptions.ModelNotFoundException;
import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.spi.IncompleteUploads;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The network drops or the server dies in the middle of an upload: the registration fails cleanly, no version is
 * visible, a retry succeeds, and no incomplete multipart upload is left behind.
 */
class S3FaultInjectionTest {
    @TempDir
    Path temp;

    private Path bigFile(int mib) throws Exception {
        Path dir = Files.createDirectories(temp.resolve("artifact-" + mib));
        byte[] block = new byte[1 << 20];
        Random random = new Random(mib);
        try (var out = Files.newOutputStream(dir.resolve("weights.bin"))) {
            for (int i = 0; i < mib; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        return dir;
    }

    private static int incompleteUploads(S3ProxyServer server, String prefix) {
        try (S3Client client = server.client()) {
            return client.listMultipartUploads(r -> r.bucket(S3ProxyServer.BUCKET).prefix(prefix)).uploads().size();
        }
    }

    private static void assertNoVersionVisible(ModelRegistry registry) {
        assertThatThrownBy(() -> registry.listVersions("faulty")).isInstanceOf(ModelNotFoundException.class);
    }

    @Test
    void droppedConnectionsMidUploadFailCleanlyAndARetrySucceeds() throws Exception {
        S3ProxyServer server = S3ProxyServer.shared();
        String prefix = "fault-" + UUID.randomUUID();
        Path artifact = bigFile(48);
        try (FaultyProxy proxy = new FaultyProxy(server.port());
             ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder(server.uri(prefix, proxy.port())
                     + "&part-size-mib=5&max-attempts=2&concurrency=4").cacheDirectory(temp.resolve("cache")).build())) {
            proxy.cutAfter(20L << 20);
            assertThatThrownBy(() -> registry.registerModel(Registration.builder("faulty").version("1.0.0").artifacts(artifact).build()))
                    .isInstanceOf(RegistryException.class).hasMessageContaining("weights");
            assertThat(proxy.broken()).isTrue();
            proxy.heal();
            assertNoVersionVisible(registry);

            ModelVersion v = registry.registerModel(Registration.builder("faulty").version("1.0.0").artifacts(artifact).build());
            assertThat(registry.listVersions("faulty")).containsExactly(v);
            registry.pull("faulty:1.0.0", temp.resolve("pulled"));
            assertThat(temp.resolve("pulled/weights.bin")).hasSameBinaryContentAs(artifact.resolve("weights.bin"));
        }
        try (StorageBackend backend = StorageBackends.open(server.uri(prefix, server.port()), Map.of())) {
            ((IncompleteUploads) backend).abortIncompleteUploads(Duration.ZERO);
        }
        assertThat(incompleteUploads(server, prefix)).isZero();
    }

    @Test
    void throttlingIsRetriedWithBackoff() throws Exception {
        S3ProxyServer server = S3ProxyServer.shared();
        Path artifact = bigFile(1);
        try (FaultyProxy proxy = new FaultyProxy(server.port());
             ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder(server.uri("throttle-" + UUID.randomUUID(),
                     proxy.port()) + "&max-attempts=6").cacheDirectory(temp.resolve("cache")).build())) {
            proxy.throttleNext(3);
            ModelVersion v = registry.registerModel(Registration.builder("throttled").version("1.0.0").artifacts(artifact).build());
            assertThat(proxy.throttled()).isEqualTo(3);
            proxy.throttleNext(2);
            assertThat(registry.resolve("throttled:1.0.0")).isEqualTo(v);
            registry.pull("throttled:1.0.0", temp.resolve("throttled-pull"));
            assertThat(proxy.throttled()).isEqualTo(2);
            assertThat(temp.resolve("throttled-pull/weights.bin")).hasSameBinaryContentAs(artifact.resolve("weights.bin"));
        }
    }

    @Test
    void aServerKilledMidUploadLeavesNoVersionAndARetryAfterRestartSucceeds() throws Exception {
        try (S3ProxyServer server = S3ProxyServer.start(Files.createDirectories(temp.resolve("own-server")))) {
            String uri = server.uri("killed", server.port()) + "&part-size-mib=5&max-attempts=2";
            Path artifact = bigFile(200);
            try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder(uri)
                    .cacheDirectory(temp.resolve("cache")).build())) {
                CompletableFuture<ModelVersion> upload = CompletableFuture.supplyAsync(() ->
                        registry.registerModel(Registration.builder("faulty").version("1.0.0").artifacts(artifact).build()));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (incompleteUploads(server, "killed") == 0) { // the multipart upload has begun
                    assertThat(System.nanoTime()).as("upload started in time").isLessThan(deadline);
                    Thread.sleep(20);
                }
                Thread.sleep(150);
                server.kill();
                assertThatThrownBy(() -> upload.get(2, TimeUnit.MINUTES)).isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(RegistryException.class);
                server.restart();
                assertNoVersionVisible(registry);
                ModelVersion v = registry.registerModel(Registration.builder("faulty").version("1.0.0").artifacts(artifact).build());
                assertThat(registry.resolve("faulty:1.0.0")).isEqualTo(v);
            }
            try (StorageBackend backend = StorageBackends.open(uri, Map.of())) {
                assertThat(incompleteUploads(server, "killed")).as("the upload the crash orphaned").isPositive();
                assertThat(((IncompleteUploads) backend).abortIncompleteUploads(Duration.ZERO)).isPositive();
            }
            assertThat(incompleteUploads(server, "killed")).isZero();
        }
    }
}
