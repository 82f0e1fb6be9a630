package io.jmreg.core.blobs;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/** Hashes a stream of bytes chunk by chunk ({@link ChunkIndex#CHUNK_SIZE} each) for a {@link ChunkIndex}. */
final class ChunkHasher {
    private final List<byte[]> digests = new ArrayList<>();
    private MessageDigest md = Sha256.newDigest();
    private int filled;

    /** Hashes the next {@code length} bytes. */
    void update(byte[] data, int offset, int length) {
        while (length > 0) {
            int n = Math.min(length, ChunkIndex.CHUNK_SIZE - filled);
            md.update(data, offset, n);
            advance(n);
            offset += n;
            length -= n;
        }
    }

    /** Hashes the buffer's remaining bytes. */
    void update(ByteBuffer data) {
        while (data.hasRemaining()) {
            int n = Math.min(data.remaining(), ChunkIndex.CHUNK_SIZE - filled);
            ByteBuffer part = data.slice(data.position(), n);
            md.update(part);
            data.position(data.position() + n);
            advance(n);
        }
    }

    private void advance(int n) {
        filled += n;
        if (filled == ChunkIndex.CHUNK_SIZE) {
            digests.add(md.digest());
            filled = 0;
        }
    }

    /** The digests of all chunks, the last (partial) one included (call once, at the end). */
    List<byte[]> finish() {
        if (filled > 0) {
            digests.add(md.digest());
            filled = 0;
        }
        md = null;
        return digests;
    }
}
