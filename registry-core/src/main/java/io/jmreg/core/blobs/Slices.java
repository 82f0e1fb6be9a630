package io.jmreg.core.blobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Reads and writes of large heap arrays in slices of 64 KiB. The JDK passes a heap array given to a file or socket
 * channel through a temporary direct buffer as large as the call and keeps it cached per thread: one 4 MiB chunk read
 * on each of 64 request threads pinned 256 MiB of native memory outside the heap. Slices keep that at 64 KiB a thread.
 */
public final class Slices {
    /** The largest single read or write handed to a channel. */
    public static final int SLICE = 64 * 1024;

    private Slices() {
    }

    /** Reads up to {@code len} bytes (fewer only at the end of the stream); returns how many were read. */
    public static int readFully(InputStream in, byte[] b, int off, int len) throws IOException {
        int n = 0;
        while (n < len) {
            int r = in.read(b, off + n, Math.min(SLICE, len - n));
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n;
    }

    /** Writes {@code len} bytes of {@code b} to {@code out}. */
    public static void write(OutputStream out, byte[] b, int off, int len) throws IOException {
        for (int i = 0; i < len; i += SLICE) {
            out.write(b, off + i, Math.min(SLICE, len - i));
        }
    }

    /** Writes {@code len} bytes of {@code b} at {@code position} of {@code ch}. */
    public static void write(FileChannel ch, byte[] b, int off, int len, long position) throws IOException {
        for (int i = 0; i < len; ) {
            ByteBuffer slice = ByteBuffer.wrap(b, off + i, Math.min(SLICE, len - i));
            while (slice.hasRemaining()) {
                int n = ch.write(slice, position + i);
                i += n;
            }
        }
    }

    /**
     * Reads {@code len} bytes at {@code position} of {@code file}; fewer when the file is shorter (the array is then
     * truncated to what was read).
     */
    public static byte[] read(Path file, long position, int len) throws IOException {
        byte[] b = new byte[len];
        int n = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (n < len) {
                int r = ch.read(ByteBuffer.wrap(b, n, Math.min(SLICE, len - n)), position + n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        }
        return n == len ? b : Arrays.copyOf(b, n);
    }
}
