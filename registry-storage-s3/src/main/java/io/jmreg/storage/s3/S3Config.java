package io.jmreg.storage.s3;

import io.jmreg.api.exceptions.StorageException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Settings of an S3 store, from the URI query ({@code s3://bucket/prefix?region=..&endpoint=..}) and the
 * properties map (keys with or without the {@code s3.} prefix; properties win). Credentials not given here come
 * from the AWS SDK default chain (environment, system properties, profile, container, instance role).
 *
 * @param bucket             bucket name
 * @param prefix             key prefix inside the bucket ("" or ending with '/')
 * @param region             region (default: SDK default chain, else us-east-1)
 * @param endpoint           endpoint override for MinIO, Ceph RGW, R2, S3Proxy; null for AWS
 * @param pathStyle          path-style addressing (default true with an endpoint override)
 * @param accessKey          explicit access key, or null for the default chain
 * @param secretKey          explicit secret key
 * @param sse                server-side encryption: null, {@code AES256} (SSE-S3) or {@code aws:kms}
 * @param kmsKeyId           KMS key id for {@code aws:kms}
 * @param storageClass       storage class for new objects, or null
 * @param checksumsWhenRequired compute request checksums only when an operation requires them (for servers
 *                           that reject the SDK's default trailing checksums); default true
 * @param partSize           multipart part size in bytes (default 64 MiB, minimum 5 MiB)
 * @param concurrency        parallel part uploads / ranged downloads (default 8)
 * @param maxAttempts        attempts per request including retries on throttling and network errors (default 6)
 */
record S3Config(String bucket, String prefix, String region, URI endpoint, boolean pathStyle, String accessKey,
                String secretKey, String sse, String kmsKeyId, String storageClass, boolean checksumsWhenRequired,
                long partSize, int concurrency, int maxAttempts) {

    static S3Config parse(String uri, Map<String, String> properties) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new StorageException(e, "malformed S3 URI '%s': %s (expected s3://bucket/prefix)", uri, e.getMessage());
        }
        String bucket = parsed.getHost() != null ? parsed.getHost() : parsed.getAuthority();
        if (bucket == null || bucket.isBlank()) {
            throw new StorageException("S3 URI '%s' has no bucket (expected s3://bucket/prefix)", uri);
        }
        String path = parsed.getPath() == null ? "" : parsed.getPath();
        String prefix = path.replaceAll("^/+", "");
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        Map<String, String> settings = new HashMap<>();
        if (parsed.getRawQuery() != null) {
            for (String pair : parsed.getRawQuery().split("&")) {
                int eq = pair.indexOf('=');
                String k = decode(eq < 0 ? pair : pair.substring(0, eq));
                settings.put(normalise(k), eq < 0 ? "true" : decode(pair.substring(eq + 1)));
            }
        }
        properties.forEach((k, v) -> settings.put(normalise(k), v));
        String endpoint = settings.get("endpoint");
        long partSize = Long.parseLong(settings.getOrDefault("part-size-mib", "64")) << 20;
        if (partSize < 5L << 20) {
            throw new StorageException("S3 part size must be at least 5 MiB, got %d bytes", partSize);
        }
        String sse = settings.get("sse");
        if (sse != null && !sse.equals("AES256") && !sse.equals("aws:kms")) {
            throw new StorageException("S3 sse must be AES256 or aws:kms, got '%s'", sse);
        }
        return new S3Config(bucket, prefix, settings.get("region"), endpoint == null ? null : URI.create(endpoint),
                Boolean.parseBoolean(settings.getOrDefault("path-style", String.valueOf(endpoint != null))),
                settings.get("access-key"), settings.get("secret-key"), sse, settings.get("kms-key-id"),
                settings.get("storage-class"),
                !settings.getOrDefault("checksums", "when-required").equalsIgnoreCase("when-supported"),
                partSize, Integer.parseInt(settings.getOrDefault("concurrency", "8")),
                Integer.parseInt(settings.getOrDefault("max-attempts", "6")));
    }

    private static String normalise(String key) {
        String k = key.toLowerCase(Locale.ROOT).replace('_', '-');
        k = k.startsWith("s3.") ? k.substring(3) : k;
        return switch (k) {
            case "pathstyle", "path-style-access", "force-path-style" -> "path-style";
            case "accesskey", "access-key-id" -> "access-key";
            case "secretkey", "secret-access-key" -> "secret-key";
            case "kmskeyid" -> "kms-key-id";
            case "storageclass" -> "storage-class";
            case "partsize", "part-size" -> "part-size-mib";
            default -> k;
        };
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The object key of a store key: the prefix plus the key. */
    String objectKey(String key) {
        return prefix + key;
    }

    /** The store's own description, for messages. */
    String describe() {
        return "s3://" + bucket + "/" + prefix + (endpoint == null ? "" : " at " + endpoint);
    }
}
