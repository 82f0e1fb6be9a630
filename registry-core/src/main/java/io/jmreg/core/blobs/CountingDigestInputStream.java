package io.jmreg.core.blobs;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/** Hashes and counts the bytes that pass through it, so that a blob is hashed in the same pass it is written. */
public final class CountingDigestInputStream extends FilterInputStream {
    private final MessageDigest digest = Sha256.newDigest();
    private long count;

    /** Wraps {@code in}. */
    public CountingDigestInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            digest.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            digest.update(b, off, n);
            count += n;
            ByteMeter.add(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skip would leave bytes unhashed");
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** Bytes read so far. */
    public long count() {
        return count;
    }

    /** Hex SHA-256 of the bytes read (call once, at the end). */
    public String sha256() {
        return Sha256.hex(digest);
    }
}
