package io.jmreg.storage.s3;

import io.jmreg.api.exceptions.OutcomeUnknownException;
import io.jmreg.api.exceptions.StorageException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** SDK failures in the registry's terms: messages that name bucket, key and status; failed versus outcome unknown. */
final class S3Errors {
    private final S3Config config;

    S3Errors(S3Config config) {
        this.config = config;
    }

    /** A failure of {@code operation} on {@code key} (nothing was written, for writes). */
    StorageException failure(SdkException e, String operation, String key) {
        String status = e instanceof S3Exception s3e ? String.valueOf(s3e.statusCode()) : "no response";
        String code = e instanceof S3Exception s3e && s3e.awsErrorDetails() != null ? s3e.awsErrorDetails().errorCode() : "";
        return new StorageException(e, "S3 %s of bucket '%s' key '%s' failed (status %s %s): %s", operation,
                config.bucket(), config.objectKey(key), status, code == null ? "" : code, e.getMessage());
    }

    /** A write of {@code key} that may or may not have landed. */
    OutcomeUnknownException unknown(SdkException e, String key) {
        return new OutcomeUnknownException(e, "S3 conditional PUT of bucket '%s' key '%s' has an unknown outcome (%s): "
                + "it may have been stored", config.bucket(), config.objectKey(key), e.getMessage());
    }

    /** A 404. */
    static boolean notFound(SdkException e) {
        return e instanceof S3Exception s3e && s3e.statusCode() == 404;
    }

    /** True when the request cannot have reached the server: the connection was never made. */
    static boolean neverSent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException
                    || t.getClass().getName().equals("org.apache.http.conn.ConnectTimeoutException")) {
                return true;
            }
        }
        return false;
    }
}
