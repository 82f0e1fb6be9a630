package io.jmreg.core.formats;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads little-endian primitives from a stream, with a limit on how long a string may be. */
final class LittleEndianReader {
    private final InputStream in;

    LittleEndianReader(InputStream in) {
        this.in = in;
    }

    byte[] bytes(int n) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new EOFException("header ends early");
        }
        return b;
    }

    int u8() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("header ends early");
        }
        return b;
    }

    long u32() throws IOException {
        byte[] b = bytes(4);
        return (b[0] & 0xffL) | (b[1] & 0xffL) << 8 | (b[2] & 0xffL) << 16 | (b[3] & 0xffL) << 24;
    }

    long u64() throws IOException {
        return u32() | u32() << 32;
    }

    String string(long maxLength) throws IOException {
        long n = u64();
        if (n < 0 || n > maxLength) {
            throw new IOException("string of " + n + " bytes exceeds the limit of " + maxLength);
        }
        return new String(bytes((int) n), StandardCharsets.UTF_8);
    }

    void skip(long n) throws IOException {
        in.skipNBytes(n);
    }
}
