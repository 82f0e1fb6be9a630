package io.jmreg.core.gc;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** One daemon thread per JVM that refreshes pins and collection markers while their owners work. */
final class Heartbeats {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jmreg-gc-heartbeat");
        t.setDaemon(true);
        return t;
    });

    private Heartbeats() {
    }

    static ScheduledFuture<?> every(Duration period, Runnable beat) {
        long millis = Math.max(1, period.toMillis());
        return TIMER.scheduleWithFixedDelay(beat, millis, millis, TimeUnit.MILLISECONDS);
    }
}
