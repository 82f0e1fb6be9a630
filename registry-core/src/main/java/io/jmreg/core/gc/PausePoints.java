package io.jmreg.core.gc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A test hook that lets a test stop a collector at a named phase deterministically: when the system property
 * {@code jmreg.gc.pause-at} names the phase reached ({@code pins}: pins listed, not yet read; {@code logs}: the first
 * model's log read; {@code batch-<n>}: before the liveness check of the n-th delete batch), the collector creates the
 * file named by {@code jmreg.gc.pause-file} and waits until it is gone (the test suspends the process meanwhile).
 * Without the properties (always, outside tests) it does nothing.
 */
final class PausePoints {
    private static final String PHASE = System.getProperty("jmreg.gc.pause-at");
    private static final String FILE = System.getProperty("jmreg.gc.pause-file");

    private PausePoints() {
    }

    static void reached(String phase) {
        if (PHASE == null || FILE == null || !PHASE.equals(phase)) {
            return;
        }
        Path signal = Path.of(FILE);
        try {
            Files.writeString(signal, phase);
            long deadline = System.nanoTime() + 600_000_000_000L;
            while (Files.exists(signal) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
