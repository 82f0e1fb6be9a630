package io.jmreg.core.catalog;

import io.jmreg.core.log.CommitAnnouncer;
import io.jmreg.core.log.LogRef;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.spi.StorageBackend;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the change hints that announce commits, and lists them for the catalog's catch-up and the audit recovery.
 * A hint announces its entry and also <em>covers</em> the later commits of the same model by the same process
 * within {@link #COVER_MILLIS} of it (a commit is made under a cover in its first half only): a model committed to
 * many times a second gets about one hint a second, not one per commit. Readers keep probing a hinted model for new entries until {@link #settlesAt(ChangeHint)}, and no hint is
 * deleted before it settled, so a covered commit is found as surely as one with its own hint.
 */
public final class ChangeHints implements CommitAnnouncer {
    /** How long after its hint was written a commit of this process is covered by it (linked before then). */
    static final long COVER_MILLIS = 2_000;
    /** How far the clocks of processes sharing a store may disagree, for judging when a hint's cover has passed. */
    static final long CLOCK_SKEW_MILLIS = 30_000;
    private static final Logger LOG = LoggerFactory.getLogger(ChangeHints.class);
    private static final byte[] EMPTY = new byte[0];
    private static final int MAX_REMEMBERED = 10_000;

    private final StorageBackend backend;
    private final CatalogSettings settings;
    /** Per model, when ({@link System#nanoTime()}) this process began writing its newest hint, which was written. */
    private final Map<String, Long> hintedAtNanos = new ConcurrentHashMap<>();

    /** Hints in {@code backend}'s store. */
    public ChangeHints(StorageBackend backend, CatalogSettings settings) {
        this.backend = backend;
        this.settings = settings;
    }

    @Override
    public void announce(String model, long seq) {
        long started = System.nanoTime();
        backend.putBytes(ChangeHint.key(model, seq, System.currentTimeMillis(), ThreadLocalRandom.current().nextInt()),
                EMPTY);
        if (hintedAtNanos.size() >= MAX_REMEMBERED) {
            hintedAtNanos.values().removeIf(at -> started - at > COVER_MILLIS * 1_000_000L);
        }
        hintedAtNanos.put(model, started);
    }

    /** Within the first half of the cover of this process's newest hint of the model: the commit about to be tried is linked well inside it. */
    @Override
    public boolean covers(String model) {
        Long at = hintedAtNanos.get(model);
        return at != null && System.nanoTime() - at < COVER_MILLIS * 1_000_000L / 2;
    }

    /**
     * A covered commit that took until after the cover (a long pause between the check and the link) is announced
     * now, late but before any reader could have settled the hint that was to cover it.
     */
    @Override
    public void committedUnderCover(String model, long seq) {
        Long at = hintedAtNanos.get(model);
        if (at == null || System.nanoTime() - at >= COVER_MILLIS * 1_000_000L) {
            try {
                announce(model, seq);
            } catch (RuntimeException e) {
                LOG.warn("entry {} of {} was committed after its change hint's cover and could not be announced "
                        + "late: other processes' searches see it from the next catalog generation: {}", seq, model,
                        e.getMessage());
            }
        }
    }

    @Override
    public long reannounceNanos() {
        return settings.hintExpiry().toNanos() / 12;
    }

    /**
     * When (reader's clock, epoch milliseconds) a reader that reads {@code hint}'s model onwards at or after it has
     * seen every commit the hint covers.
     */
    static long settlesAt(ChangeHint hint) {
        return hint.writtenAtMillis() + COVER_MILLIS + CLOCK_SKEW_MILLIS;
    }

    /**
     * The log entries announced by hints written at or after {@code sinceMillis} (epoch milliseconds, writers'
     * clocks), with the entries their hints cover: per model, every stored entry from its lowest hinted one on.
     */
    public List<LogRef> recent(long sinceMillis) {
        Map<String, Long> lowest = new HashMap<>();
        for (ChangeHint h : list()) {
            if (h.writtenAtMillis() >= sinceMillis) {
                lowest.merge(h.model(), h.seq(), Math::min);
            }
        }
        List<LogRef> refs = new ArrayList<>();
        lowest.forEach((model, from) -> {
            refs.add(new LogRef(model, from)); // the hinted entry, stored or not (a hint whose commit never happened)
            for (long seq = from + 1; seq <= StoreLayout.MAX_SEQUENCE
                    && backend.stat(StoreLayout.logKey(model, seq)).isPresent(); seq++) {
                refs.add(new LogRef(model, seq));
            }
        });
        return refs;
    }

    /** Every hint in the store now. */
    List<ChangeHint> list() {
        List<ChangeHint> out = new ArrayList<>();
        for (String name : backend.listChildren(StoreLayout.CATALOG_CHANGES)) {
            ChangeHint hint = ChangeHint.parse(name);
            if (hint == null) {
                LOG.debug("ignoring foreign entry {} under {}", name, StoreLayout.CATALOG_CHANGES);
            } else {
                out.add(hint);
            }
        }
        return out;
    }

    /** Deletes hints (a catalog generation covers them, or their commit never happened). */
    void delete(List<ChangeHint> hints) {
        if (!hints.isEmpty()) {
            backend.deleteAll(hints.stream().map(ChangeHint::key).toList());
        }
    }
}
