package io.jmreg.storage.s3;

import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackendProvider;

import java.util.Map;

/**
 * Provider of {@code s3://bucket/prefix} stores on AWS S3 or any S3-compatible server that honours
 * {@code If-None-Match: *} on PUT (MinIO, Ceph RGW, R2, S3Proxy 4.x). See {@link S3Config} for settings.
 */
public final class S3BackendProvider implements StorageBackendProvider {
    @Override
    public String scheme() {
        return "s3";
    }

    @Override
    public StorageBackend open(String uri, Map<String, String> properties) {
        return new S3Backend(uri, S3Config.parse(uri, properties));
    }
}
