package io.jmreg.core.catalog;

import io.jmreg.core.log.CommitAnnouncer;
import io.jmreg.core.log.LogRef;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.spi.StorageBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Writes a change hint before every commit, and lists them for the catalog's catch-up. */
public final class ChangeHints implements CommitAnnouncer {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeHints.class);
    private static final byte[] EMPTY = new byte[0];

    private final StorageBackend backend;
    private final CatalogSettings settings;

    /** Hints in {@code backend}'s store. */
    public ChangeHints(StorageBackend backend, CatalogSettings settings) {
        this.backend = backend;
        this.settings = settings;
    }

    @Override
    public void announce(String model, long seq) {
        backend.putBytes(ChangeHint.key(model, seq, System.currentTimeMillis(), ThreadLocalRandom.current().nextInt()),
                EMPTY);
    }

    @Override
    public long reannounceNanos() {
        return settings.hintExpiry().toNanos() / 12;
    }

    /** The log entries whose hints were written at or after {@code sinceMillis} (epoch milliseconds, writers' clocks). */
    public List<LogRef> recent(long sinceMillis) {
        return list().stream().filter(h -> h.writtenAtMillis() >= sinceMillis).map(h -> new LogRef(h.model(), h.seq()))
                .distinct().toList();
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
