package io.jmreg.storage.s3;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

import java.time.Duration;

/**
 * The SDK clients of one store, over one connection pool: a client that streams bodies with aws-chunked signatures
 * (large parts: the server need not buffer them) and one that signs small bodies whole, which Ceph RGW needs for
 * zero-length bodies over http (it answers 400 XAmzContentSHA256Mismatch to a chunked empty body). Both retry
 * throttling and network errors with the SDK's standard backoff.
 */
final class S3Clients implements AutoCloseable {
    /** Bodies up to this size are sent with whole-body signatures. */
    static final long SMALL = 8L << 20;

    private final SdkHttpClient http;
    private final S3Client streaming;
    private final S3Client small;

    @SuppressWarnings("deprecation") // the Apache 4 client: the one measured and fault-tested here (Apache 5 is next)
    S3Clients(S3Config config) {
        this.http = ApacheHttpClient.builder().maxConnections(Math.max(16, config.concurrency() * 2))
                .connectionTimeout(Duration.ofSeconds(10)).socketTimeout(Duration.ofSeconds(60)).build();
        this.streaming = build(config, true);
        this.small = build(config, false);
    }

    /** The client for every request but single PUTs of small bodies. */
    S3Client streaming() {
        return streaming;
    }

    /** The client for a single PUT of {@code size} bytes. */
    S3Client forPut(long size) {
        return size <= SMALL ? small : streaming;
    }

    private S3Client build(S3Config c, boolean chunked) {
        AwsCredentialsProvider credentials = c.accessKey() != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(c.accessKey(), c.secretKey()))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder b = S3Client.builder()
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(c.maxAttempts()).build())
                        .build())
                .forcePathStyle(c.pathStyle())
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(chunked).build());
        if (c.region() != null) {
            b.region(Region.of(c.region()));
        } else if (c.endpoint() != null) {
            b.region(Region.US_EAST_1);
        }
        if (c.endpoint() != null) {
            b.endpointOverride(c.endpoint());
        }
        if (c.checksumsWhenRequired()) {
            b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        return b.build();
    }

    @Override
    public void close() {
        streaming.close();
        small.close();
        http.close();
    }
}
