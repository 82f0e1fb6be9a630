package io.jmreg.testkit;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.testkit.process.ChildJvm;
import io.jmreg.testkit.process.PausedCollectorMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A collector stopped (SIGSTOP) at each phase for longer than its lease while a writer reuses the collector's orphan
 * blobs, waits out the stale marker and commits: the collector resumes and must delete none of them. Phases: pins
 * listed, first log read, before a delete batch (batches of 2 over 6+ orphans). One round per phase by default;
 * {@code -Djmreg.gc-pause.rounds=n} runs n per phase (the delete batch paused at cycles through 1..3). Linux only
 * ({@code kill -STOP}).
 */
public abstract class GcPauseContract {
    private static final int LEASE_SECONDS = 3;
    private static final int FILES = 6;

    /** For subclasses that bind the suite to a backend. */
    protected GcPauseContract() {
    }

    /** The URI of a fresh, empty store for this test (it may use {@code temp}). */
    protected abstract String storeUri(Path temp) throws Exception;

    /**
     * Opens a registry with {@code options} (on a store {@link #storeUri} made, or on the URI of a registry this
     * suite opened); a run through a server overrides it to open a client of a server over that store.
     */
    protected ModelRegistry openRegistry(RegistryOptions options) {
        return ModelRegistry.open(options);
    }

    /** Scratch space. */
    @TempDir
    protected Path temp;

    @Test
    void aCollectorPausedAtAnyPhaseLongerThanItsLeaseDeletesNoBlobOfAVersionCommittedMeanwhile() throws Exception {
        String uri = storeUri(temp);
        int rounds = Integer.getInteger("jmreg.gc-pause.rounds", 1);
        List<String> phases = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            phases.add("pins");
            phases.add("logs");
            phases.add("batch-" + (1 + (r + 1) % 3));
        }
        List<ModelVersion> acknowledged = new ArrayList<>();
        List<String> outcomes = new ArrayList<>();
        long start = System.nanoTime();
        try (ModelRegistry writer = openRegistry(RegistryOptions.builder(uri).principal("writer")
                .cacheDirectory(temp.resolve("writer-cache")).staleness(Duration.ZERO)
                .property("gc.lease-seconds", "" + LEASE_SECONDS).build())) {
            for (int round = 0; round < phases.size(); round++) {
                String phase = phases.get(round);
                Path files = artifacts(round);
                ModelVersion orphaned = writer.registerModel(Registration.builder("a").version("0.0." + round)
                        .artifacts(files).build());
                writer.deleteVersion(orphaned.reference()); // its blobs are now the collector's to delete
                Path signal = temp.resolve("paused-" + round);
                Path log = temp.resolve("collector-" + round + ".log");
                Process collector = ChildJvm.start(log, List.of("-Xmx128m", "-Djmreg.gc.pause-at=" + phase,
                        "-Djmreg.gc.pause-file=" + signal), PausedCollectorMain.class, uri,
                        temp.resolve("collector-cache").toString(), "" + LEASE_SECONDS, "2");
                try {
                    awaitFile(signal, collector, log);
                    signal(collector, "STOP");
                    long stopped = System.nanoTime();
                    // the writer reuses every orphan blob, waits for the (now silent) collection and commits
                    acknowledged.add(writer.registerModel(Registration.builder("a").version("1.0." + round)
                            .artifacts(files).build()));
                    long pausedMillis = (System.nanoTime() - stopped) / 1_000_000;
                    Thread.sleep(Math.max(0, LEASE_SECONDS * 1000L + 300 - pausedMillis)); // paused longer than the lease
                    Files.delete(signal);
                    signal(collector, "CONT");
                    assertThat(collector.waitFor(2, TimeUnit.MINUTES)).as("collector finished").isTrue();
                } finally {
                    collector.destroyForcibly();
                }
                String output = Files.readString(log);
                assertThat(collector.exitValue()).as("collector exit, phase %s:%n%s", phase, output).isZero();
                String result = output.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElse("none");
                outcomes.add(phase + ": " + result);
                assertThat(result).as("outcome of the collection paused at %s", phase).startsWith("RESULT ABORTED")
                        .contains("lease");
            }
            List<String> lost = lostVersions(uri, acknowledged);
            System.out.printf("gc pause test on %s: %d rounds, %d acknowledged versions, %d lost, %.1f s%n", uri,
                    phases.size(), acknowledged.size(), lost.size(), (System.nanoTime() - start) / 1e9);
            assertThat(lost).as("acknowledged versions whose blobs a paused collector deleted; outcomes %s", outcomes)
                    .isEmpty();
            writer.collectGarbage(Duration.ZERO); // a collection that is not paused still runs, and keeps them all
            assertThat(lostVersions(uri, acknowledged)).isEmpty();
        }
    }

    private List<String> lostVersions(String uri, List<ModelVersion> acknowledged) throws Exception {
        List<String> lost = new ArrayList<>();
        Path cache = Files.createTempDirectory(temp, "verify");
        try (ModelRegistry reader = openRegistry(RegistryOptions.builder(uri).cacheDirectory(cache)
                .staleness(Duration.ZERO).build())) {
            for (ModelVersion v : acknowledged) {
                try {
                    reader.pull(v.reference(), cache.resolve("out-" + v.version()));
                } catch (RuntimeException e) {
                    lost.add(v.reference() + ": " + e);
                }
            }
        }
        return lost;
    }

    private Path artifacts(int round) throws Exception {
        Path dir = Files.createDirectories(temp.resolve("files-" + round));
        Random random = new Random(round);
        for (int i = 0; i < FILES; i++) {
            byte[] bytes = new byte[1000 + random.nextInt(20_000)];
            random.nextBytes(bytes);
            Files.write(dir.resolve("part-" + i + ".bin"), bytes);
        }
        return dir;
    }

    private static void awaitFile(Path signal, Process collector, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!Files.exists(signal)) {
            assertThat(collector.isAlive()).as("collector reached its pause point; log:%n%s",
                    Files.exists(log) ? Files.readString(log) : "").isTrue();
            assertThat(System.nanoTime()).as("collector reached its pause point in time").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static void signal(Process process, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -%s", signal).isZero();
        if (signal.equals("STOP")) { // wait until the kernel reports it stopped
            Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (Files.exists(stat)) {
                String s = Files.readString(stat);
                char state = s.charAt(s.lastIndexOf(')') + 2);
                if (state == 'T' || state == 't') {
                    return;
                }
                assertThat(System.nanoTime()).as("process stopped").isLessThan(deadline);
                Thread.sleep(2);
            }
        }
    }
}
