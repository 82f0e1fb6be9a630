
import io.jmreg.spi.StorageBackendProvider;
import io.jmreg.storage.s3.S3BackendProvider;
/** The S3 backend ({@code s3://bucket/prefix}); reached through ServiceLoader, nothing exported. */
@SuppressWarnings({"requires-automatic", "module"}) // the AWS SDK ships automatic modules; "s3" is the name
module io.jmreg.storage.s3 {
    requires io.jmreg.api;
    requires org.slf4j;
    requires software.amazon.awssdk.services.s3;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.auth;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.http.apache;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.identity.spi;
    requires software.amazon.awssdk.retries.api;
    requires software.amazon.awssdk.retries;

    provides StorageBackendProvider with S3BackendProvider;
}
