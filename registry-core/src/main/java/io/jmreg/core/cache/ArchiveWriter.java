package io.jmreg.core.cache;

import io.jmreg.api.model.ArchiveFormat;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes files one after another into a zip or POSIX tar stream without buffering a whole file: zip entries are
 * deflated with data descriptors, tar entries get a ustar header (a pax extended header when the path exceeds 100
 * bytes or the size the octal field holds).
 */
public final class ArchiveWriter {
    private static final int BLOCK = 512;
    private final ArchiveFormat format;
    private final OutputStream out;
    private final ZipOutputStream zip;
    private final long mtimeSeconds;

    /** An archive written to {@code out} (never closed here); entries dated {@code mtimeSeconds}. */
    public ArchiveWriter(ArchiveFormat format, OutputStream out, long mtimeSeconds) {
        this.format = format;
        this.out = out;
        this.mtimeSeconds = mtimeSeconds;
        this.zip = format == ArchiveFormat.ZIP ? new ZipOutputStream(new NonClosing(out), StandardCharsets.UTF_8) : null;
    }

    /** Adds one file of exactly {@code size} bytes read from {@code in}. */
    public void add(String path, long size, InputStream in) throws IOException {
        if (zip != null) {
            ZipEntry e = new ZipEntry(path);
            e.setTime(mtimeSeconds * 1000);
            zip.putNextEntry(e);
            long n = in.transferTo(zip);
            zip.closeEntry();
            check(path, size, n);
            return;
        }
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        if (name.length > 100 || size > 077777777777L) {
            String records = paxRecord("path", path) + paxRecord("size", Long.toString(size));
            byte[] body = records.getBytes(StandardCharsets.UTF_8);
            out.write(header("PaxHeaders/" + tail(path), body.length, 'x'));
            out.write(body);
            pad(body.length);
        }
        out.write(header(path, size, '0'));
        long n = in.transferTo(out);
        check(path, size, n);
        pad(n);
    }

    /**
     * Ends the archive (zip central directory, or the two zero blocks of tar); leaves the stream open. Called only
     * when every file was added: an archive that broke off has no end, so no reader takes it for whole.
     */
    public void finish() throws IOException {
        if (zip != null) {
            zip.finish();
        } else {
            out.write(new byte[2 * BLOCK]);
        }
        out.flush();
    }

    private static void check(String path, long size, long n) throws IOException {
        if (n != size) {
            throw new IOException("'" + path + "' gave " + n + " bytes, not the " + size + " recorded");
        }
    }

    private void pad(long written) throws IOException {
        int rest = (int) (written % BLOCK);
        if (rest != 0) {
            out.write(new byte[BLOCK - rest]);
        }
    }

    private byte[] header(String path, long size, char type) {
        byte[] h = new byte[BLOCK];
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(name, 0, h, 0, Math.min(100, name.length));
        octal(h, 100, 8, 0644);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, Math.min(size, 077777777777L));
        octal(h, 136, 12, mtimeSeconds);
        Arrays.fill(h, 148, 156, (byte) ' ');
        h[156] = (byte) type;
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
        h[263] = '0';
        h[264] = '0';
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        octal(h, 148, 7, sum);
        h[155] = ' ';
        return h;
    }

    private static void octal(byte[] h, int at, int width, long value) {
        String s = Long.toOctalString(value);
        String padded = "0".repeat(Math.max(0, width - 1 - s.length())) + s;
        byte[] b = padded.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, at, Math.min(b.length, width - 1));
        h[at + width - 1] = 0;
    }

    private static String paxRecord(String key, String value) {
        String body = " " + key + "=" + value + "\n";
        int bodyLength = body.getBytes(StandardCharsets.UTF_8).length;
        int length = bodyLength + 1;
        while (Integer.toString(length).length() + bodyLength != length) {
            length = Integer.toString(length).length() + bodyLength;
        }
        return length + body;
    }

    private static String tail(String path) {
        String base = path.substring(path.lastIndexOf('/') + 1);
        byte[] b = base.getBytes(StandardCharsets.UTF_8);
        return b.length <= 80 ? base : "long";
    }

    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
