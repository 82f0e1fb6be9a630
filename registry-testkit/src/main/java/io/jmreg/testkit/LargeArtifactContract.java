package io.jmreg.testkit;

import io.jmreg.testkit.process.ChildJvm;
import io.jmreg.testkit.process.ChildStore;
import io.jmreg.testkit.process.LargeArtifactMain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A 1 GiB artifact registers, pulls and streams in a JVM limited to a 64 MiB heap. */
public abstract class LargeArtifactContract {
    /** For subclasses that bind the suite to a backend. */
    protected LargeArtifactContract() {
    }

    /** The URI of a fresh, empty store for this test (it may use {@code temp}). */
    protected abstract String storeUri(Path temp) throws Exception;

    /**
     * How child processes open {@code store}; a run through a server overrides it to give them a server's URI over
     * the store and its token.
     */
    protected ChildStore childStore(String store) throws Exception {
        return ChildStore.direct(store);
    }

    static final long SIZE = 1L << 30;

    /** Scratch space. */
    @TempDir
    protected Path temp;

    @Test
    void oneGibibyteStreamsThroughA64MiBHeap() throws Exception {
        Path file = temp.resolve("weights.bin");
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[1 << 20];
        new Random(7).nextBytes(block);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long i = 0; i < SIZE / block.length; i++) {
                ByteBuffer.wrap(block).putLong(i); // every block differs
                md.update(block);
                ch.write(ByteBuffer.wrap(block));
            }
        }
        String expected = HexFormat.of().formatHex(md.digest());

        Path log = temp.resolve("child.log");
        Process child = ChildJvm.start(log, List.of("-Xmx64m"), childStore(storeUri(temp)), LargeArtifactMain.class,
                file.toString(), temp.resolve("cache").toString(), temp.resolve("pulled").toString());
        assertThat(child.waitFor(10, TimeUnit.MINUTES)).isTrue();
        String output = Files.readString(log);
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("REGISTERED " + expected + " " + SIZE).contains("STREAMED " + expected);
        assertThat(output).containsPattern("MAXHEAP (\\d{8})\\b");
        assertThat(Files.size(temp.resolve("pulled/weights.bin"))).isEqualTo(SIZE);
    }
}
