package io.jmreg.testkit.process;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.exceptions.GarbageCollectionAbortedException;
import io.jmreg.api.model.GcReport;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The collector process of the pause test: one collection with grace zero on store {@code args[0]} (cache
 * {@code args[1]}, lease {@code args[2]} seconds, delete batch {@code args[3]}), printing {@code RESULT DELETED n} or
 * {@code RESULT ABORTED reason}. The test stops it at a phase through the collector's pause hook
 * ({@code -Djmreg.gc.pause-at=<phase> -Djmreg.gc.pause-file=<file>}).
 */
public final class PausedCollectorMain {
    private PausedCollectorMain() {
    }

    public static void main(String[] args) {
        RegistryOptions options = RegistryOptions.builder(args[0]).principal("collector").cacheDirectory(Path.of(args[1]))
                .staleness(Duration.ZERO).property("gc.lease-seconds", args[2]).property("gc.delete-batch", args[3])
                .build();
        try (ModelRegistry registry = ModelRegistry.open(options)) {
            GcReport report = registry.collectGarbage(Duration.ZERO);
            System.out.println("RESULT DELETED " + report.blobsDeleted());
        } catch (GarbageCollectionAbortedException e) {
            System.out.println("RESULT ABORTED " + e.getMessage());
        }
    }
}
