package io.jmreg.storage.s3;

import io.jmreg.api.exceptions.StorageException;
import io.jmreg.spi.BoundedInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Multipart uploads, visible only when complete and aborted on any failure: from a file (parts in parallel, each
 * read straight from its file range), from a stream (parts in order, each buffered), or a server-side copy of an
 * object onto itself (to refresh its age when it is too large for a single copy).
 */
final class PartUploads {
    private static final Logger LOG = LoggerFactory.getLogger(PartUploads.class);

    /** Makes part {@code number} of the upload {@code uploadId}, covering {@code [offset, offset + length)}. */
    private interface PartMaker {
        CompletedPart make(String uploadId, int number, long offset, long length) throws IOException;
    }

    /** How parts are sent: all at once on the transfer pool, or one after the other on the caller's thread. */
    private enum PartOrder { PARALLEL, IN_ORDER }

    private final S3Client s3;
    private final S3Config config;
    private final S3Errors errors;
    private final WriteSettings settings;
    private final ExecutorService transfers;

    PartUploads(S3Client s3, S3Config config, S3Errors errors, WriteSettings settings, ExecutorService transfers) {
        this.s3 = s3;
        this.config = config;
        this.errors = errors;
        this.settings = settings;
        this.transfers = transfers;
    }

    /** Uploads {@code size} bytes of {@code file} in parallel parts of the configured size. */
    void fromFile(String key, Path file, long size) throws IOException {
        run(key, size, config.partSize(), PartOrder.PARALLEL, (id, number, offset, length) -> upload(key, id, number, length,
                RequestBody.fromContentProvider(() -> {
                    try {
                        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                        ch.position(offset);
                        return new BoundedInputStream(Channels.newInputStream(ch), length);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, length, "application/octet-stream")));
    }

    /** Uploads {@code size} bytes read from {@code data}, one buffered part of {@code partSize} after the other. */
    void fromStream(String key, InputStream data, long size, long partSize) throws IOException {
        run(key, size, partSize, PartOrder.IN_ORDER, (id, number, offset, length) -> {
            byte[] part = data.readNBytes((int) length);
            if (part.length != length) {
                throw new IOException("stream ended early at " + (offset + part.length) + " of " + size + " bytes");
            }
            return upload(key, id, number, length, RequestBody.fromBytes(part));
        });
    }

    /** Copies the object onto itself server-side, in parallel 1 GiB parts: a new last-modified time, same bytes. */
    void copyOntoItself(String key, long size) throws IOException {
        run(key, size, 1L << 30, PartOrder.PARALLEL, (id, number, offset, length) -> CompletedPart.builder().partNumber(number)
                .eTag(s3.uploadPartCopy(UploadPartCopyRequest.builder()
                        .sourceBucket(config.bucket()).sourceKey(config.objectKey(key)).destinationBucket(config.bucket())
                        .destinationKey(config.objectKey(key)).uploadId(id).partNumber(number)
                        .copySourceRange("bytes=" + offset + "-" + (offset + length - 1)).build())
                        .copyPartResult().eTag()).build());
    }

    private CompletedPart upload(String key, String uploadId, int number, long length, RequestBody body) {
        return CompletedPart.builder().partNumber(number).eTag(s3.uploadPart(UploadPartRequest.builder()
                .bucket(config.bucket()).key(config.objectKey(key)).uploadId(uploadId).partNumber(number)
                .contentLength(length).build(), body).eTag()).build();
    }

    private void run(String key, long size, long partSize, PartOrder order, PartMaker parts) throws IOException {
        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder()
                .bucket(config.bucket()).key(config.objectKey(key));
        settings.apply(create::serverSideEncryption, create::ssekmsKeyId, create::storageClass);
        String uploadId = s3.createMultipartUpload(create.build()).uploadId();
        int count = (int) ((size + partSize - 1) / partSize);
        List<Future<CompletedPart>> futures = new ArrayList<>();
        try {
            List<CompletedPart> done = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int number = i + 1;
                long offset = i * partSize;
                long length = Math.min(partSize, size - offset);
                Callable<CompletedPart> task = () -> parts.make(uploadId, number, offset, length);
                if (order == PartOrder.PARALLEL) {
                    futures.add(transfers.submit(task));
                } else {
                    done.add(task.call());
                }
            }
            for (Future<CompletedPart> f : futures) {
                done.add(f.get());
            }
            s3.completeMultipartUpload(CompleteMultipartUploadRequest.builder().bucket(config.bucket())
                    .key(config.objectKey(key)).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(done).build()).build());
        } catch (Exception e) {
            futures.forEach(f -> f.cancel(true));
            abortQuietly(key, uploadId);
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (cause instanceof SdkException sdk) {
                throw errors.failure(sdk, "multipart upload", key);
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new StorageException(cause, "%s: multipart upload of '%s' failed: %s", config.describe(), key, cause);
        }
    }

    private void abortQuietly(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(config.bucket())
                    .key(config.objectKey(key)).uploadId(uploadId).build());
        } catch (SdkException e) {
            LOG.warn("could not abort multipart upload {} of {} (abortIncompleteUploads will): {}", uploadId, key,
                    e.getMessage());
        }
    }
}
