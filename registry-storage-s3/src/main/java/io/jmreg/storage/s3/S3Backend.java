package io.jmreg.storage.s3;

import io.jmreg.api.exceptions.ObjectNotFoundException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.spi.FileTransfers;
import io.jmreg.spi.IncompleteUploads;
import io.jmreg.spi.ObjectInfo;
import io.jmreg.spi.StorageBackend;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * A store in an S3 bucket under a prefix: the storage SPI over the SDK. The commit primitive is a PUT with
 * {@code If-None-Match: *}: exactly one of several racing writers gets 200, the others 412. Nothing relies on
 * {@code If-Match}. Large files move as parallel multipart uploads ({@link PartUploads}) and parallel ranged
 * GETs ({@link RangedDownload}); the clients ({@link S3Clients}) retry throttling and network errors; failures are
 * mapped by {@link S3Errors}.
 */
final class S3Backend implements StorageBackend, FileTransfers, IncompleteUploads {
    private static final long MAX_SINGLE_COPY = 5L << 30;

    private final String uri;
    private final S3Config config;
    private final S3Clients clients;
    private final S3Client s3;
    private final S3Errors errors;
    private final WriteSettings settings;
    private final ExecutorService transfers;
    private final PartUploads multipart;
    private final RangedDownload download;

    S3Backend(String uri, S3Config config) {
        this.uri = uri;
        this.config = config;
        this.clients = new S3Clients(config);
        this.s3 = clients.streaming();
        this.errors = new S3Errors(config);
        this.settings = new WriteSettings(config);
        this.transfers = Executors.newFixedThreadPool(config.concurrency(), r -> {
            Thread t = new Thread(r, "jmreg-s3-transfer");
            t.setDaemon(true);
            return t;
        });
        this.multipart = new PartUploads(s3, config, errors, settings, transfers);
        this.download = new RangedDownload(s3, config, errors, transfers);
        checkBucket();
    }

    private void checkBucket() {
        try {
            s3.headBucket(r -> r.bucket(config.bucket()));
        } catch (S3Exception e) {
            close();
            if (e.statusCode() == 404) {
                throw new StorageException(e, "S3 bucket '%s' does not exist (status 404 NoSuchBucket; %s)", config.bucket(),
                        config.describe());
            }
            if (e.statusCode() == 403) {
                throw new StorageException(e, "access to S3 bucket '%s' denied (status 403): check credentials and the "
                        + "s3:ListBucket permission (%s)", config.bucket(), config.describe());
            }
            throw errors.failure(e, "open", "");
        } catch (SdkException e) {
            close();
            throw new StorageException(e, "cannot reach S3 store %s: %s", config.describe(), e.getMessage());
        }
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public String encryption() {
        if (config.sse() == null) {
            return "none";
        }
        return config.kmsKeyId() == null ? config.sse() : config.sse() + " (key " + config.kmsKeyId() + ")";
    }

    private String full(String key) {
        return config.objectKey(key);
    }

    private ObjectNotFoundException missing(String key) {
        return new ObjectNotFoundException("%s: no object at key '%s'", uri, key);
    }

    @Override
    public InputStream get(String key) {
        try {
            return s3.getObject(r -> r.bucket(config.bucket()).key(full(key)));
        } catch (SdkException e) {
            if (S3Errors.notFound(e)) {
                throw missing(key);
            }
            throw errors.failure(e, "GET", key);
        }
    }

    @Override
    public InputStream get(String key, long offset, long length) {
        if (length == 0) {
            if (stat(key).isEmpty()) {
                throw missing(key);
            }
            return InputStream.nullInputStream();
        }
        long last = length == Long.MAX_VALUE || offset + length < 0 ? Long.MAX_VALUE : offset + length - 1;
        String range = "bytes=" + offset + "-" + (last == Long.MAX_VALUE ? "" : String.valueOf(last));
        try {
            return s3.getObject(r -> r.bucket(config.bucket()).key(full(key)).range(range));
        } catch (SdkException e) {
            if (S3Errors.notFound(e)) {
                throw missing(key);
            }
            if (e instanceof S3Exception s3e && s3e.statusCode() == 416) {
                return InputStream.nullInputStream(); // range starts past the end
            }
            throw errors.failure(e, "ranged GET", key);
        }
    }

    @Override
    public Optional<byte[]> getBytesIfExists(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(r -> r.bucket(config.bucket()).key(full(key))).asByteArray());
        } catch (SdkException e) {
            if (S3Errors.notFound(e)) {
                return Optional.empty();
            }
            throw errors.failure(e, "GET", key);
        }
    }

    private PutObjectRequest.Builder putRequest(String key) {
        PutObjectRequest.Builder b = PutObjectRequest.builder().bucket(config.bucket()).key(full(key));
        settings.apply(b::serverSideEncryption, b::ssekmsKeyId, b::storageClass);
        return b;
    }

    @Override
    public void put(String key, InputStream data, long length) {
        try {
            if (length <= S3Clients.SMALL) {
                byte[] bytes = data.readNBytes((int) length);
                if (bytes.length != length || data.read() >= 0) {
                    throw new StorageException("%s: '%s' was announced as %d bytes but the data differed", uri, key, length);
                }
                clients.forPut(length).putObject(putRequest(key).build(), RequestBody.fromBytes(bytes));
                return;
            }
            multipart.fromStream(key, data, length, S3Clients.SMALL); // parts from a stream are buffered: keep them small
        } catch (IOException e) {
            throw new StorageException(e, "%s: cannot read the data for '%s': %s", uri, key, e);
        } catch (SdkException e) {
            throw errors.failure(e, "PUT", key);
        }
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) {
        try {
            clients.forPut(data.length).putObject(putRequest(key).ifNoneMatch("*").build(), RequestBody.fromBytes(data));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                // taken; unless an earlier attempt of this very request (retried by the SDK) created it
                return getBytesIfExists(key).map(existing -> Arrays.equals(existing, data)).orElse(false);
            }
            if (e.statusCode() >= 500) {
                throw errors.unknown(e, key); // the server may have stored it before failing
            }
            throw errors.failure(e, "conditional PUT", key);
        } catch (SdkClientException e) {
            if (S3Errors.neverSent(e)) {
                throw errors.failure(e, "conditional PUT", key);
            }
            throw errors.unknown(e, key);
        } catch (SdkException e) {
            throw errors.failure(e, "conditional PUT", key);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        try {
            HeadObjectResponse h = s3.headObject(r -> r.bucket(config.bucket()).key(full(key)));
            return Optional.of(new ObjectInfo(key, h.contentLength(), h.lastModified()));
        } catch (SdkException e) {
            if (S3Errors.notFound(e)) {
                return Optional.empty();
            }
            throw errors.failure(e, "HEAD", key);
        }
    }

    @Override
    public Stream<ObjectInfo> list(String prefix) {
        try {
            return s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(config.bucket()).prefix(full(prefix)).build())
                    .contents().stream()
                    .map(o -> new ObjectInfo(o.key().substring(config.prefix().length()), o.size(), o.lastModified()));
        } catch (SdkException e) {
            throw errors.failure(e, "LIST", prefix);
        }
    }

    @Override
    public List<String> listChildren(String prefix) {
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            return StorageBackend.super.listChildren(prefix);
        }
        List<String> names = new ArrayList<>();
        try {
            String base = full(prefix);
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(ListObjectsV2Request.builder()
                    .bucket(config.bucket()).prefix(base).delimiter("/").build())) {
                for (CommonPrefix p : page.commonPrefixes()) {
                    String name = p.prefix().substring(base.length());
                    names.add(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
                }
                for (S3Object o : page.contents()) {
                    names.add(o.key().substring(base.length()));
                }
            }
        } catch (SdkException e) {
            throw errors.failure(e, "LIST", prefix);
        }
        names.sort(Comparator.naturalOrder());
        return names;
    }

    @Override
    public boolean delete(String key) {
        boolean existed = stat(key).isPresent();
        try {
            s3.deleteObject(r -> r.bucket(config.bucket()).key(full(key)));
        } catch (SdkException e) {
            throw errors.failure(e, "DELETE", key);
        }
        return existed;
    }

    @Override
    public void deleteAll(List<String> keys) {
        for (int i = 0; i < keys.size(); i += 1000) {
            List<ObjectIdentifier> batch = keys.subList(i, Math.min(keys.size(), i + 1000)).stream()
                    .map(k -> ObjectIdentifier.builder().key(full(k)).build()).toList();
            try {
                s3.deleteObjects(r -> r.bucket(config.bucket()).delete(d -> d.objects(batch).quiet(true)));
            } catch (SdkException e) {
                throw errors.failure(e, "batch DELETE", keys.get(i));
            }
        }
    }

    @Override
    public void touch(String key) {
        ObjectInfo info = stat(key).orElseThrow(() ->
                new ObjectNotFoundException("%s: cannot touch missing key '%s'", uri, key));
        try {
            if (info.size() < MAX_SINGLE_COPY) {
                CopyObjectRequest.Builder b = CopyObjectRequest.builder().sourceBucket(config.bucket())
                        .sourceKey(full(key)).destinationBucket(config.bucket()).destinationKey(full(key))
                        .metadataDirective(MetadataDirective.REPLACE).metadata(Map.of("touched", Instant.now().toString()));
                settings.apply(b::serverSideEncryption, b::ssekmsKeyId, b::storageClass);
                s3.copyObject(b.build());
            } else {
                multipart.copyOntoItself(key, info.size());
            }
        } catch (IOException e) {
            throw new StorageException(e, "%s: cannot touch '%s': %s", uri, key, e);
        } catch (SdkException e) {
            throw errors.failure(e, "COPY (touch)", key);
        }
    }

    @Override
    public void putFile(String key, Path file) {
        try {
            long size = Files.size(file);
            if (size <= config.partSize()) {
                clients.forPut(size).putObject(putRequest(key).build(), RequestBody.fromFile(file));
                return;
            }
            multipart.fromFile(key, file, size);
        } catch (IOException e) {
            throw new StorageException(e, "%s: cannot read '%s' for upload to '%s': %s", uri, file, key, e);
        } catch (SdkException e) {
            throw errors.failure(e, "upload", key);
        }
    }

    @Override
    public void getToFile(String key, Path target) {
        ObjectInfo info = stat(key).orElseThrow(() -> missing(key));
        download.toFile(key, info.size(), target);
    }

    @Override
    public int abortIncompleteUploads(Duration olderThan) {
        Instant cutoff = Instant.now().minus(olderThan);
        int aborted = 0;
        try {
            for (MultipartUpload u : s3.listMultipartUploadsPaginator(ListMultipartUploadsRequest.builder()
                    .bucket(config.bucket()).prefix(config.prefix()).build()).uploads()) {
                if (u.initiated() == null || !u.initiated().isAfter(cutoff)) {
                    s3.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(config.bucket()).key(u.key())
                            .uploadId(u.uploadId()).build());
                    aborted++;
                }
            }
        } catch (SdkException e) {
            throw errors.failure(e, "list/abort multipart uploads", "");
        }
        return aborted;
    }

    @Override
    public void close() {
        transfers.shutdownNow();
        clients.close();
    }
}
