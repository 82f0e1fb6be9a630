package io.jmreg.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/** What the benchmark programs share: test files, timing and statistics. */
final class BenchSupport {
    private BenchSupport() {
    }

    /** Writes {@code mib} MiB of pseudo-random bytes, every MiB different. */
    static void writeArtifact(Path file, long mib) throws IOException {
        byte[] block = new byte[1 << 20];
        new Random(7).nextBytes(block);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long i = 0; i < mib; i++) {
                ByteBuffer.wrap(block).putLong(i);
                ch.write(ByteBuffer.wrap(block));
            }
            ch.force(true); // a clean source: no writeback of it competes with what is measured
        }
    }

    /** SHA-256 of a file (the baseline's hashing). */
    static void sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (ch.read(buffer) >= 0) {
                buffer.flip();
                md.update(buffer);
                buffer.clear();
            }
        }
        md.digest();
    }

    static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
