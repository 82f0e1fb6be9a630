package io.jmreg.storage.s3;

import io.jmreg.api.exceptions.ObjectNotFoundException;
import io.jmreg.api.exceptions.OutcomeUnknownException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.spi.FileTransfers;
import io.jmreg.spi.IncompleteUploads;
import io.jmreg.spi.ObjectInfo;
import io.jmreg.spi.StorageBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A store in an S3 bucket under a prefix. The commit primitive is a PUT with {@code If-None-Match: *}: exactly one
 * of several racing writers gets 200, the others 412. Nothing relies on {@code If-Match}. Large files upload as
 * parallel multipart uploads read straight from file ranges (aborted on any failure) and download as parallel
 * ranged GETs written straight to file positions, so memory does not grow with object size. The SDK retries
 * throttling (503 SlowDown, 429) and transient network errors with backoff; other failures become
 * {@link StorageException}s naming bucket, key and status.
 */
final class S3Backend implements StorageBackend, FileTransfers, IncompleteUploads {
    private static final Logger LOG = LoggerFactory.getLogger(S3Backend.class);
    private static final long MAX_SINGLE_COPY = 5L << 30;
    private static final int IO_BUFFER = 256 * 1024;
    /** Parts of uploads from a stream are buffered in memory, so they stay small. */
    private static final long STREAM_PART = 8L << 20;

    private final String uri;
    private final S3Config config;
    private final SdkHttpClient http;
    private final S3Client s3;
    /** For single PUTs of at most {@link #STREAM_PART} bytes: whole-body signing (see {@link #client}). */
    private final S3Client s3Small;
    private final ExecutorService transfers;

    @SuppressWarnings("deprecation") // the Apache 4 client: the one measured and fault-tested here (Apache 5 is next)
    S3Backend(String uri, S3Config config) {
        this.uri = uri;
        this.config = config;
        this.http = ApacheHttpClient.builder().maxConnections(Math.max(16, config.concurrency() * 2))
                .connectionTimeout(Duration.ofSeconds(10)).socketTimeout(Duration.ofSeconds(60)).build();
        this.s3 = client(config, http, true);
        this.s3Small = client(config, http, false);
        this.transfers = Executors.newFixedThreadPool(config.concurrency(), r -> {
            Thread t = new Thread(r, "jmreg-s3-transfer");
            t.setDaemon(true);
            return t;
        });
        checkBucket();
    }

    /**
     * A client; {@code chunked} false signs whole bodies instead of sending aws-chunked streams, which Ceph RGW needs
     * for zero-length bodies over http (it answers 400 XAmzContentSHA256Mismatch to a chunked empty body) but which
     * makes servers buffer the whole body: used for small single PUTs only.
     */
    private static S3Client client(S3Config c, SdkHttpClient http, boolean chunked) {
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
            throw failure(e, "open", "");
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
        return config.prefix() + key;
    }

    private StorageException failure(SdkException e, String operation, String key) {
        String status = e instanceof S3Exception s3e ? String.valueOf(s3e.statusCode()) : "no response";
        String code = e instanceof S3Exception s3e && s3e.awsErrorDetails() != null ? s3e.awsErrorDetails().errorCode() : "";
        return new StorageException(e, "S3 %s of bucket '%s' key '%s' failed (status %s %s): %s", operation,
                config.bucket(), full(key), status, code == null ? "" : code, e.getMessage());
    }

    private static boolean notFound(SdkException e) {
        return e instanceof S3Exception s3e && s3e.statusCode() == 404;
    }

    @Override
    public InputStream get(String key) {
        try {
            return s3.getObject(r -> r.bucket(config.bucket()).key(full(key)));
        } catch (SdkException e) {
            if (notFound(e)) {
                throw new ObjectNotFoundException("%s: no object at key '%s'", uri, key);
            }
            throw failure(e, "GET", key);
        }
    }

    @Override
    public InputStream get(String key, long offset, long length) {
        if (length == 0) {
            stat(key).orElseThrow(() -> new ObjectNotFoundException("%s: no object at key '%s'", uri, key));
            return InputStream.nullInputStream();
        }
        long last = length == Long.MAX_VALUE || offset + length < 0 ? Long.MAX_VALUE : offset + length - 1;
        String range = "bytes=" + offset + "-" + (last == Long.MAX_VALUE ? "" : String.valueOf(last));
        try {
            return s3.getObject(r -> r.bucket(config.bucket()).key(full(key)).range(range));
        } catch (SdkException e) {
            if (notFound(e)) {
                throw new ObjectNotFoundException("%s: no object at key '%s'", uri, key);
            }
            if (e instanceof S3Exception s3e && s3e.statusCode() == 416) {
                return InputStream.nullInputStream(); // range starts past the end
            }
            throw failure(e, "ranged GET", key);
        }
    }

    @Override
    public Optional<byte[]> getBytesIfExists(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(r -> r.bucket(config.bucket()).key(full(key))).asByteArray());
        } catch (SdkException e) {
            if (notFound(e)) {
                return Optional.empty();
            }
            throw failure(e, "GET", key);
        }
    }

    private PutObjectRequest.Builder putRequest(String key) {
        PutObjectRequest.Builder b = PutObjectRequest.builder().bucket(config.bucket()).key(full(key));
        applyWriteSettings(b::serverSideEncryption, b::ssekmsKeyId, b::storageClass);
        return b;
    }

    /** Server-side encryption and storage class of every object this backend writes. */
    private void applyWriteSettings(Consumer<ServerSideEncryption> sse, Consumer<String> kmsKeyId,
                                    Consumer<StorageClass> storageClass) {
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

    @Override
    public void put(String key, InputStream data, long length) {
        try {
            if (length <= STREAM_PART) {
                byte[] bytes = data.readNBytes((int) length);
                if (bytes.length != length || data.read() >= 0) {
                    throw new StorageException("%s: '%s' was announced as %d bytes but the data differed", uri, key, length);
                }
                s3Small.putObject(putRequest(key).build(), RequestBody.fromBytes(bytes));
                return;
            }
            multipart(key, length, (offset, partLength) -> {
                byte[] part = data.readNBytes((int) partLength);
                if (part.length != partLength) {
                    throw new IOException("stream ended early at " + (offset + part.length) + " of " + length + " bytes");
                }
                return RequestBody.fromBytes(part);
            }, false, false, STREAM_PART);
        } catch (IOException e) {
            throw new StorageException(e, "%s: cannot read the data for '%s': %s", uri, key, e);
        } catch (SdkException e) {
            throw failure(e, "PUT", key);
        }
    }

    @Override
    public boolean putIfAbsent(String key, byte[] data) {
        try {
            (data.length <= STREAM_PART ? s3Small : s3).putObject(putRequest(key).ifNoneMatch("*").build(),
                    RequestBody.fromBytes(data));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                // taken; unless an earlier attempt of this very request (retried by the SDK) created it
                return getBytesIfExists(key).map(existing -> Arrays.equals(existing, data)).orElse(false);
            }
            if (e.statusCode() >= 500) {
                throw unknown(e, key); // the server may have stored it before failing
            }
            throw failure(e, "conditional PUT", key);
        } catch (SdkClientException e) {
            if (neverSent(e)) {
                throw failure(e, "conditional PUT", key);
            }
            throw unknown(e, key);
        } catch (SdkException e) {
            throw failure(e, "conditional PUT", key);
        }
    }

    private OutcomeUnknownException unknown(SdkException e, String key) {
        return new OutcomeUnknownException(e, "S3 conditional PUT of bucket '%s' key '%s' has an unknown outcome (%s): "
                + "it may have been stored", config.bucket(), full(key), e.getMessage());
    }

    /** True when the request cannot have reached the server: the connection was never made. */
    private static boolean neverSent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.NoRouteToHostException
                    || t.getClass().getName().equals("org.apache.http.conn.ConnectTimeoutException")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        try {
            HeadObjectResponse h = s3.headObject(r -> r.bucket(config.bucket()).key(full(key)));
            return Optional.of(new ObjectInfo(key, h.contentLength(), h.lastModified()));
        } catch (SdkException e) {
            if (notFound(e)) {
                return Optional.empty();
            }
            throw failure(e, "HEAD", key);
        }
    }

    @Override
    public Stream<ObjectInfo> list(String prefix) {
        try {
            return s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(config.bucket()).prefix(full(prefix)).build())
                    .contents().stream()
                    .map(o -> new ObjectInfo(o.key().substring(config.prefix().length()), o.size(), o.lastModified()));
        } catch (SdkException e) {
            throw failure(e, "LIST", prefix);
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
            throw failure(e, "LIST", prefix);
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
            throw failure(e, "DELETE", key);
        }
        return existed;
    }

    @Override
    public void touch(String key) {
        ObjectInfo info = stat(key).orElseThrow(() ->
                new ObjectNotFoundException("%s: cannot touch missing key '%s'", uri, key));
        try {
            if (info.size() < MAX_SINGLE_COPY) {
                CopyObjectRequest.Builder b = CopyObjectRequest.builder().sourceBucket(config.bucket())
                        .sourceKey(full(key)).destinationBucket(config.bucket()).destinationKey(full(key))
                        .metadataDirective(MetadataDirective.REPLACE)
                        .metadata(java.util.Map.of("touched", Instant.now().toString()));
                applyWriteSettings(b::serverSideEncryption, b::ssekmsKeyId, b::storageClass);
                s3.copyObject(b.build());
            } else {
                multipart(key, info.size(), null, true, true, 1L << 30);
            }
        } catch (IOException e) {
            throw new StorageException(e, "%s: cannot touch '%s': %s", uri, key, e);
        } catch (SdkException e) {
            throw failure(e, "COPY (touch)", key);
        }
    }

    @Override
    public void putFile(String key, Path file) {
        try {
            long size = Files.size(file);
            if (size <= config.partSize()) {
                (size <= STREAM_PART ? s3Small : s3).putObject(putRequest(key).build(), RequestBody.fromFile(file));
                return;
            }
            multipart(key, size, (offset, length) -> RequestBody.fromContentProvider(() -> {
                try {
                    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                    ch.position(offset);
                    return new io.jmreg.spi.BoundedInputStream(Channels.newInputStream(ch), length);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, length, "application/octet-stream"), false, true, config.partSize());
        } catch (IOException e) {
            throw new StorageException(e, "%s: cannot read '%s' for upload to '%s': %s", uri, file, key, e);
        } catch (SdkException e) {
            throw failure(e, "upload", key);
        }
    }

    /** Supplies the body of one part. */
    private interface PartBody {
        RequestBody body(long offset, long length) throws IOException;
    }

    /**
     * A multipart upload of {@code size} bytes; parts from {@code bodies} (in parallel unless they come from a
     * stream that must be read in order) or, with {@code selfCopy}, server-side copies of the object onto itself.
     * Aborted on any failure.
     */
    private void multipart(String key, long size, PartBody bodies, boolean selfCopy, boolean parallel, long partSize)
            throws IOException {
        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder()
                .bucket(config.bucket()).key(full(key));
        applyWriteSettings(create::serverSideEncryption, create::ssekmsKeyId, create::storageClass);
        String uploadId = s3.createMultipartUpload(create.build()).uploadId();
        int parts = (int) ((size + partSize - 1) / partSize);
        List<Future<CompletedPart>> futures = new ArrayList<>();
        try {
            List<CompletedPart> done = new ArrayList<>();
            for (int i = 0; i < parts; i++) {
                int number = i + 1;
                long offset = i * partSize;
                long length = Math.min(partSize, size - offset);
                java.util.concurrent.Callable<CompletedPart> task = () -> selfCopy
                        ? CompletedPart.builder().partNumber(number).eTag(s3.uploadPartCopy(UploadPartCopyRequest.builder()
                                .sourceBucket(config.bucket()).sourceKey(full(key)).destinationBucket(config.bucket())
                                .destinationKey(full(key)).uploadId(uploadId).partNumber(number)
                                .copySourceRange("bytes=" + offset + "-" + (offset + length - 1)).build())
                                .copyPartResult().eTag()).build()
                        : CompletedPart.builder().partNumber(number).eTag(s3.uploadPart(UploadPartRequest.builder()
                                .bucket(config.bucket()).key(full(key)).uploadId(uploadId).partNumber(number)
                                .contentLength(length).build(), bodies.body(offset, length)).eTag()).build();
                if (parallel) {
                    futures.add(transfers.submit(task));
                } else {
                    done.add(task.call());
                }
            }
            for (Future<CompletedPart> f : futures) {
                done.add(f.get());
            }
            s3.completeMultipartUpload(CompleteMultipartUploadRequest.builder().bucket(config.bucket()).key(full(key))
                    .uploadId(uploadId).multipartUpload(CompletedMultipartUpload.builder().parts(done).build()).build());
        } catch (Exception e) {
            futures.forEach(f -> f.cancel(true));
            abortQuietly(key, uploadId);
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (cause instanceof SdkException sdk) {
                throw failure(sdk, "multipart upload", key);
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new StorageException(cause, "%s: multipart upload of '%s' failed: %s", uri, key, cause);
        }
    }

    private void abortQuietly(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(config.bucket()).key(full(key))
                    .uploadId(uploadId).build());
        } catch (SdkException e) {
            LOG.warn("could not abort multipart upload {} of {} (abortIncompleteUploads will): {}", uploadId, key,
                    e.getMessage());
        }
    }

    @Override
    public void getToFile(String key, Path target) {
        ObjectInfo info = stat(key).orElseThrow(() -> new ObjectNotFoundException("%s: no object at key '%s'", uri, key));
        long rangeSize = Math.max(8L << 20, config.partSize() / 2);
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            if (info.size() <= 2 * rangeSize) {
                copyRange(key, 0, info.size(), out, info.size() > 0);
                return;
            }
            List<Future<Void>> futures = new ArrayList<>();
            try {
                for (long offset = 0; offset < info.size(); offset += rangeSize) {
                    long start = offset;
                    long length = Math.min(rangeSize, info.size() - offset);
                    futures.add(transfers.submit(() -> {
                        copyRange(key, start, length, out, true);
                        return null;
                    }));
                }
                for (Future<Void> f : futures) {
                    f.get();
                }
            } catch (ExecutionException e) {
                futures.forEach(f -> f.cancel(true));
                if (e.getCause() instanceof SdkException sdk) {
                    throw failure(sdk, "ranged GET", key);
                }
                throw new StorageException(e.getCause(), "%s: download of '%s' failed: %s", uri, key, e.getCause());
            } catch (InterruptedException e) {
                futures.forEach(f -> f.cancel(true));
                Thread.currentThread().interrupt();
                throw new StorageException(e, "%s: download of '%s' interrupted", uri, key);
            }
        } catch (IOException e) {
            throw new StorageException(e, "%s: cannot write '%s' to %s: %s", uri, key, target, e);
        }
    }

    private void copyRange(String key, long offset, long length, FileChannel out, boolean ranged) throws IOException {
        GetObjectRequest.Builder req = GetObjectRequest.builder().bucket(config.bucket()).key(full(key));
        if (ranged) {
            req.range("bytes=" + offset + "-" + (offset + length - 1));
        }
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(req.build())) {
            byte[] buffer = new byte[IO_BUFFER];
            long position = offset;
            int n;
            while ((n = in.read(buffer)) > 0) {
                ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
                while (b.hasRemaining()) {
                    position += out.write(b, position);
                }
            }
            if (position != offset + length) {
                throw new IOException("range of '" + key + "' ended at " + position + " instead of " + (offset + length));
            }
        }
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
            throw failure(e, "list/abort multipart uploads", "");
        }
        return aborted;
    }

    @Override
    public void deleteAll(List<String> keys) {
        for (int i = 0; i < keys.size(); i += 1000) {
            List<software.amazon.awssdk.services.s3.model.ObjectIdentifier> batch = keys.subList(i, Math.min(keys.size(), i + 1000))
                    .stream().map(k -> software.amazon.awssdk.services.s3.model.ObjectIdentifier.builder().key(full(k)).build())
                    .toList();
            try {
                s3.deleteObjects(r -> r.bucket(config.bucket()).delete(d -> d.objects(batch).quiet(true)));
            } catch (SdkException e) {
                throw failure(e, "batch DELETE", keys.get(i));
            }
        }
    }

    @Override
    public void close() {
        transfers.shutdownNow();
        s3.close();
        s3Small.close();
        http.close();
    }
}
