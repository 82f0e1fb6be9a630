package io.jmreg.storage.s3;

import io.jmreg.api.exceptions.StorageException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** Downloads an object into a file as parallel ranged GETs, each written straight to its file position. */
final class RangedDownload {
    private static final int IO_BUFFER = 256 * 1024;
    private final S3Client s3;
    private final S3Config config;
    private final S3Errors errors;
    private final ExecutorService transfers;

    RangedDownload(S3Client s3, S3Config config, S3Errors errors, ExecutorService transfers) {
        this.s3 = s3;
        this.config = config;
        this.errors = errors;
        this.transfers = transfers;
    }

    /** Writes the {@code size} bytes of {@code key} into {@code target} (created or truncated). */
    void toFile(String key, long size, Path target) {
        long rangeSize = Math.max(8L << 20, config.partSize() / 2);
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            if (size <= 2 * rangeSize) {
                copyRange(key, 0, size, out, size > 0);
                return;
            }
            List<Future<Void>> futures = new ArrayList<>();
            try {
                for (long offset = 0; offset < size; offset += rangeSize) {
                    long start = offset;
                    long length = Math.min(rangeSize, size - offset);
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
                    throw errors.failure(sdk, "ranged GET", key);
                }
                throw new StorageException(e.getCause(), "%s: download of '%s' failed: %s", config.describe(), key,
                        e.getCause());
            } catch (InterruptedException e) {
                futures.forEach(f -> f.cancel(true));
                Thread.currentThread().interrupt();
                throw new StorageException(e, "%s: download of '%s' interrupted", config.describe(), key);
            }
        } catch (IOException e) {
            throw new StorageException(e, "%s: cannot write '%s' to %s: %s", config.describe(), key, target, e);
        }
    }

    private void copyRange(String key, long offset, long length, FileChannel out, boolean ranged) throws IOException {
        GetObjectRequest.Builder req = GetObjectRequest.builder().bucket(config.bucket()).key(config.objectKey(key));
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
}
