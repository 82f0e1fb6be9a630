package io.jmreg.core.blobs;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The SHA-256 of every fixed-size chunk of a blob, so that a ranged read fetches and verifies only the chunks it
 * touches and a parallel download verifies each chunk as it arrives. Computed in the pass that stores the blob and
 * stored as a blob of its own; the version's record holds its digest ({@code chunk_index}), so it is as trustworthy
 * as the record. The blob's whole-file SHA-256 stays its identity. Stored bytes:
 * <pre>
 * jmreg-chunks 1 &lt;chunk size&gt; &lt;blob size&gt; &lt;blob sha256&gt;\n
 * 32 bytes of SHA-256 per chunk, in order
 * </pre>
 */
public final class ChunkIndex {
    /** Chunk size of new indexes. */
    public static final int CHUNK_SIZE = 4 << 20;
    /** Files at least this large get an index (smaller ones are read whole). */
    public static final long INDEXED_FROM = 8L << 20;
    private static final String MAGIC = "jmreg-chunks 1 ";
    private static final int MAX_HEADER = 200;

    private final int chunkSize;
    private final long size;
    private final String sha256;
    private final byte[] digests;

    private ChunkIndex(int chunkSize, long size, String sha256, byte[] digests) {
        this.chunkSize = chunkSize;
        this.size = size;
        this.sha256 = sha256;
        this.digests = digests;
    }

    /** The stored bytes of an index of a blob of {@code size} bytes with these chunk digests (32 bytes each). */
    public static byte[] encode(int chunkSize, long size, String sha256, List<byte[]> chunkDigests) {
        byte[] header = (MAGIC + chunkSize + " " + size + " " + sha256 + "\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(header.length + 32 * chunkDigests.size());
        out.put(header);
        chunkDigests.forEach(out::put);
        return out.array();
    }

    /**
     * Parses stored bytes of the index of the blob {@code sha256} of {@code size} bytes.
     *
     * @throws IllegalArgumentException when the bytes are not such an index
     */
    public static ChunkIndex parse(byte[] stored, String sha256, long size) {
        int newline = -1;
        for (int i = 0; i < Math.min(stored.length, MAX_HEADER); i++) {
            if (stored[i] == '\n') {
                newline = i;
                break;
            }
        }
        String header = newline < 0 ? "" : new String(stored, 0, newline, StandardCharsets.US_ASCII);
        if (!header.startsWith(MAGIC)) {
            throw new IllegalArgumentException("not a chunk index");
        }
        String[] p = header.substring(MAGIC.length()).split(" ");
        if (p.length != 3 || !p[2].equals(sha256) || !p[1].equals(Long.toString(size))) {
            throw new IllegalArgumentException("chunk index of another blob: " + header);
        }
        int chunkSize;
        try {
            chunkSize = Integer.parseInt(p[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad chunk size in " + header);
        }
        if (chunkSize < 4096) {
            throw new IllegalArgumentException("chunk size too small: " + chunkSize);
        }
        long chunks = chunksOf(size, chunkSize);
        if (stored.length - newline - 1 != 32 * chunks) {
            throw new IllegalArgumentException("chunk index has " + (stored.length - newline - 1) + " digest bytes for "
                    + chunks + " chunks");
        }
        byte[] digests = new byte[stored.length - newline - 1];
        System.arraycopy(stored, newline + 1, digests, 0, digests.length);
        return new ChunkIndex(chunkSize, size, sha256, digests);
    }

    private static long chunksOf(long size, int chunkSize) {
        return size == 0 ? 0 : (size + chunkSize - 1) / chunkSize;
    }

    /** Bytes per chunk (the last may be shorter). */
    public int chunkSize() {
        return chunkSize;
    }

    /** Number of chunks. */
    public int chunkCount() {
        return digests.length / 32;
    }

    /** The blob's size. */
    public long size() {
        return size;
    }

    /** The blob's SHA-256. */
    public String sha256() {
        return sha256;
    }

    /** Offset of chunk {@code i}. */
    public long offset(int i) {
        return (long) i * chunkSize;
    }

    /** Length of chunk {@code i}. */
    public int length(int i) {
        return (int) Math.min(chunkSize, size - offset(i));
    }

    /** The chunk holding byte {@code position}. */
    public int chunkAt(long position) {
        return (int) (position / chunkSize);
    }

    /** True when {@code length} bytes of {@code data} from {@code from} hash to chunk {@code i}'s digest. */
    public boolean matches(int i, byte[] data, int from, int length) {
        var md = Sha256.newDigest();
        md.update(data, from, length);
        return matches(i, md.digest());
    }

    /** True when {@code digest} (32 bytes) is chunk {@code i}'s. */
    public boolean matches(int i, byte[] digest) {
        return Arrays.equals(digests, i * 32, i * 32 + 32, digest, 0, 32);
    }
}
