package io.jmreg.storage.s3;

import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;

import java.util.function.Consumer;

/** Server-side encryption and storage class, applied to every request that creates an object. */
final class WriteSettings {
    private final S3Config config;

    WriteSettings(S3Config config) {
        this.config = config;
    }

    /** Applies the settings through a request builder's setters. */
    void apply(Consumer<ServerSideEncryption> sse, Consumer<String> kmsKeyId, Consumer<StorageClass> storageClass) {
        if (config.sse() != null) {
            sse.accept(ServerSideEncryption.fromValue(config.sse()));
            if (config.kmsKeyId() != null) {
                kmsKeyId.accept(config.kmsKeyId());
            }
        }
        if (config.storageClass() != null) {
            storageClass.accept(StorageClass.fromValue(config.storageClass()));
        }
    }
}
