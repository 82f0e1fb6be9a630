package io.jmreg.cli;

import io.jmreg.api.TransferProgress;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress of a transfer on stderr, from the library's byte counts (within files, not only whole files). On a terminal:
 * one line redrawn in place (at most every 100 ms), a bar with bytes, rate and ETA. Not on a terminal (CI logs): a
 * plain line every few seconds (5 s by default) while bytes move, and one at the end. Written here rather than taken from a
 * library because the libraries looked at assume a terminal; this one is the two modes and nothing else.
 */
final class ProgressRenderer implements TransferProgress {
    private final PrintWriter err;
    private final boolean terminal;
    private final long everyNanos;
    private final String label;
    private final AtomicLong done = new AtomicLong();
    private final AtomicInteger filesDone = new AtomicInteger();
    private final AtomicLong moving = new AtomicLong();
    private final ConcurrentHashMap<String, Long> movingByFile = new ConcurrentHashMap<>();
    private volatile long total;
    private volatile int files;
    private long start;
    private volatile long lastDrawn;

    ProgressRenderer(PrintWriter err, boolean terminal, long everyNanos, String label) {
        this.err = err;
        this.terminal = terminal;
        this.everyNanos = everyNanos;
        this.label = label;
    }

    @Override
    public void started(int fileCount, long bytes) {
        if (fileCount == 0) {
            return; // nothing to transfer, nothing to draw
        }
        files = fileCount;
        total = bytes;
        start = System.nanoTime();
        lastDrawn = start;
        if (!terminal) {
            synchronized (this) {
                err.printf(Locale.ROOT, "%s: %d files, %s%n", label, fileCount, bytes(bytes));
                err.flush();
            }
        }
    }

    @Override
    public void bytes(String path, long bytes) {
        movingByFile.merge(path, bytes, Long::sum);
        moving.addAndGet(bytes);
        maybeDraw();
    }

    @Override
    public void fileDone(String path, long bytes) {
        Long moved = movingByFile.remove(path);
        if (moved != null) {
            moving.addAndGet(-moved);
        }
        done.addAndGet(bytes);
        filesDone.incrementAndGet();
        maybeDraw();
    }

    private void maybeDraw() {
        long every = everyNanos;
        long now = System.nanoTime();
        if (now - lastDrawn < every) {
            return;
        }
        synchronized (this) {
            if (now - lastDrawn >= every) {
                lastDrawn = now;
                draw(now, false);
            }
        }
    }

    /** Draws the final state (and ends the terminal line). */
    synchronized void finish() {
        if (start == 0) {
            return; // nothing was transferred (already in the cache)
        }
        draw(System.nanoTime(), true);
    }

    private void draw(long now, boolean last) {
        long d = Math.min(total, done.get() + moving.get());
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        double rate = d / seconds;
        long left = total - d;
        String eta = rate > 0 && left > 0 ? duration(left / rate) : "0s";
        String counts = String.format(Locale.ROOT, "%s / %s  %s/s  %d/%d files", bytes(d), bytes(total), bytes((long) rate),
                filesDone.get(), files);
        if (terminal) {
            int width = 30;
            int filled = total == 0 ? width : (int) Math.min(width, width * d / total);
            err.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + counts
                    + (last ? "  done in " + duration(seconds) + "\n" : "  ETA " + eta + "   "));
        } else {
            err.println(label + ": " + counts + (last ? ", done in " + duration(seconds) : ", ETA " + eta));
        }
        err.flush();
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? s / 3600 + "h" + (s % 3600) / 60 + "m" : s >= 60 ? s / 60 + "m" + s % 60 + "s" : s + "s";
    }
}
