package io.jmreg.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.events.Subscription;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.testkit.process.AliasMoverMain;
import io.jmreg.testkit.process.ChildJvm;
import io.jmreg.testkit.process.ChildStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watching a reference behaves alike on every backend: a move made by another JVM is told within the bound, with
 * the versions before and after; an alias removed is told as nothing; a closed watch tells nothing more.
 */
public abstract class WatchContract {
    /** For subclasses that bind the suite to a backend. */
    protected WatchContract() {
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

    /**
     * How child processes open {@code store}; a run through a server overrides it to give them a server's URI over
     * the store and its token.
     */
    protected ChildStore childStore(String store) throws Exception {
        return ChildStore.direct(store);
    }

    /** Scratch space. */
    @TempDir
    protected Path temp;

    /** One change a watch was told of, and when. */
    record Change(String previous, String current, long atMillis) {
    }

    private static final Duration BOUND = Duration.ofMillis(500);

    @Test
    void aMoveByAnotherProcessIsToldWithinTheBoundAndAClosedWatchTellsNothing() throws Exception {
        String uri = storeUri(temp);
        try (ModelRegistry serving = openRegistry(RegistryOptions.builder(uri).principal("serving")
                .cacheDirectory(temp.resolve("serving")).build())) {
            for (String v : List.of("1.0.0", "1.1.0", "1.2.0")) {
                serving.registerModel(Registration.builder("ranker").version(v).build());
            }
            serving.setAlias("ranker", "production", "1.0.0");
            BlockingQueue<Change> changes = new LinkedBlockingQueue<>();
            Subscription watch = serving.watch("ranker@production", BOUND, (before, now) -> changes.add(
                    new Change(ref(before), ref(now), System.currentTimeMillis())));

            long moved = moveInAnotherProcess(uri, "1.1.0");
            Change change = changes.poll(30, TimeUnit.SECONDS);
            assertThat(change).as("told of the move").isNotNull();
            assertThat(change.previous()).isEqualTo("ranker:1.0.0");
            assertThat(change.current()).isEqualTo("ranker:1.1.0");
            long delay = change.atMillis() - moved;
            assertThat(delay).as("delay after the other process committed (bound %s, slack for a busy machine)", BOUND)
                    .isLessThanOrEqualTo(BOUND.toMillis() + 500);

            serving.updateMetrics("ranker:1.1.0", Map.of("accuracy", 0.9)); // the log moves, the alias not
            serving.removeAlias("ranker", "production");
            Change removed = changes.poll(30, TimeUnit.SECONDS);
            assertThat(removed).isNotNull();
            assertThat(removed.previous()).isEqualTo("ranker:1.1.0");
            assertThat(removed.current()).isNull();

            watch.close();
            watch.close(); // harmless
            moveInAnotherProcess(uri, "1.2.0");
            assertThat(changes.poll(BOUND.toMillis() * 3, TimeUnit.MILLISECONDS)).as("nothing after close").isNull();
        }
    }

    private long moveInAnotherProcess(String uri, String version) throws Exception {
        Path log = temp.resolve("mover-" + version + ".log");
        Process p = ChildJvm.start(log, List.of("-Xmx128m"), childStore(uri), AliasMoverMain.class, "ranker",
                "production", version, temp.resolve("mover-cache").toString());
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String out = Files.readString(log);
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().filter(l -> l.startsWith("MOVED ")).mapToLong(l -> Long.parseLong(l.substring(6)))
                .findFirst().orElseThrow();
    }

    private static String ref(ModelVersion v) {
        return v == null ? null : v.reference();
    }
}
