package io.jmreg.core.catalog;

import io.jmreg.api.Names;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.core.log.ModelLog;
import io.jmreg.core.log.ModelState;
import io.jmreg.core.sequence.RetryPolicy;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.core.store.StoreUris;
import io.jmreg.core.store.StoredModels;
import io.jmreg.spi.StorageBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog index: every model's state in memory, so that a query never reads every model's log. Derived from the
 * logs and rebuilt from them when no generation is readable; never the truth.
 * <ul>
 *   <li>Opening reads the newest readable generation record (one listing, one read); its shards, each a range of
 *       models, are loaded in parallel when a query first needs one of their models (a query whose names rule out
 *       a shard never loads it).</li>
 *   <li>Catching up (at most once per staleness bound) lists the change hints and the generations; a model with a
 *       hint beyond its known position, or moved by a newer generation, is read onwards from its known state
 *       (only its new entries).</li>
 *   <li>This process's own commits and reads reach the index at once through the log.</li>
 *   <li>A process that caught up over many hints (or old ones) writes the next generation create-only, then deletes
 *       the hints it covers; the loser of a race discards its attempt. Hints are listed before generations, so a
 *       reader never misses a change whose hint was deleted.</li>
 * </ul>
 */
public final class CatalogIndex implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogIndex.class);
    private static final Duration WRITE_FAILURE_BACKOFF = Duration.ofMinutes(1);
    private static final int LOADERS = Math.max(2, Math.min(8, 2 * Runtime.getRuntime().availableProcessors()));

    private final StorageBackend backend;
    private final ModelLog log;
    private final ChangeHints hints;
    private final CatalogGenerations generations;
    private final CatalogSettings settings;
    private final ConcurrentHashMap<String, ModelState> states = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    /** Bumped on every change to {@link #states}; the sorted view is rebuilt when it moved. */
    private final AtomicLong changes = new AtomicLong();
    private volatile View view = new View(-1, List.of(), new String[0]);
    private volatile boolean loaded;
    private volatile long caughtUpAtNanos;
    // guarded by lock:
    /** The newest generation taken into account (0: none), and its shards not loaded yet. */
    private CatalogGeneration base;
    private NavigableMap<String, Long> basePositions = new TreeMap<>();
    private List<CatalogGeneration.Shard> pending = new ArrayList<>();
    private long generation;
    /** The highest generation number listed, readable or not: the next one written is above it. */
    private long highestListed;
    private Instant generationCreatedAt;
    private long writeRefusedUntilNanos;
    private final Set<Long> unreadable = new HashSet<>();
    /**
     * Per hinted model, when (epoch milliseconds) this index last looked for its new entries: a hint has settled for
     * this index once a look came after {@link ChangeHints#settlesAt}.
     */
    private final Map<String, Long> probedAtMillis = new HashMap<>();
    private ExecutorService loaders;

    /** The existing models' states sorted by name, and their names in the same order. */
    private record View(long changes, List<ModelState> sorted, String[] names) {
    }

    /** An index of the store behind {@code log}; it hears of every state {@code log} reads or commits. */
    public CatalogIndex(StorageBackend backend, ModelLog log, ChangeHints hints, CatalogSettings settings,
                        RetryPolicy retry) {
        this.backend = backend;
        this.log = log;
        this.hints = hints;
        this.generations = new CatalogGenerations(backend, settings.shardVersions(), retry);
        this.settings = settings;
        log.addStateListener(this::offer);
    }

    /** Every existing model's state, sorted by name, within the staleness bound (own commits at once). */
    public List<ModelState> states() {
        return states(null, name -> true);
    }

    /**
     * The states of the existing models whose name {@code models} accepts, sorted by name, within the staleness bound
     * (own commits at once). Shards holding none of them are not loaded.
     */
    public List<ModelState> states(Predicate<String> models) {
        return states(null, models);
    }

    /**
     * The states of the existing models whose name starts with {@code prefix} (null: any) and that {@code models}
     * accepts, sorted by name, within the staleness bound (own commits at once): only the range of names with that
     * prefix is looked at (a binary search in the sorted names), and shards holding none of them are not loaded.
     */
    public List<ModelState> states(String prefix, Predicate<String> models) {
        String from = prefix == null ? "" : prefix;
        View v = view(from, models);
        List<ModelState> out = new ArrayList<>();
        int i = Arrays.binarySearch(v.names(), from);
        for (i = i < 0 ? -i - 1 : i; i < v.names().length && v.names()[i].startsWith(from); i++) {
            ModelState s = v.sorted().get(i);
            if (models.test(s.name())) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * The states of the existing models named after {@code after} (every model when null), sorted by name, within
     * the staleness bound: a view of the index found by a binary search, so a caller reading a page of it pays for
     * the page, not for every model. Shards holding no model after {@code after} that {@code models} accepts are not
     * loaded, so the view may lack models that {@code models} rules out.
     */
    public List<ModelState> statesAfter(String after, Predicate<String> models) {
        View v = view("", after == null ? models : name -> name.compareTo(after) > 0 && models.test(name));
        if (after == null) {
            return v.sorted();
        }
        int i = Arrays.binarySearch(v.names(), after);
        return v.sorted().subList(i < 0 ? -i - 1 : i + 1, v.names().length);
    }

    /**
     * Every existing model's state sorted by name (immutable, with the names alone for binary searches), once the
     * shards holding names starting with {@code from} that {@code models} accepts are in.
     */
    private View view(String from, Predicate<String> models) {
        synchronized (lock) {
            if (!loaded) {
                load();
            } else if (System.nanoTime() - caughtUpAtNanos >= log.stalenessNanos()) {
                catchUp();
            }
            loadPending(from, models);
        }
        View v = view;
        long now = changes.get();
        if (v.changes() != now) {
            List<ModelState> sorted = new ArrayList<>(states.size());
            for (ModelState s : states.values()) {
                if (s.exists()) {
                    sorted.add(s);
                }
            }
            sorted.sort(Comparator.comparing(ModelState::name));
            String[] names = new String[sorted.size()];
            for (int i = 0; i < names.length; i++) {
                names[i] = sorted.get(i).name();
            }
            v = new View(now, List.copyOf(sorted), names);
            view = v;
        }
        return v;
    }

    /** The state of {@code model} as of log entry {@code seq}: from the index when it is there, else from the log. */
    public ModelState stateAt(String model, long seq) {
        ModelState s = states.get(model);
        return s != null && s.seq() == seq ? s : log.readAt(model, seq);
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (loaders != null) {
                loaders.shutdownNow();
            }
        }
    }

    /** Takes a state this process read or committed (the newer one wins). */
    private void offer(ModelState state) {
        if (!state.exists()) {
            return;
        }
        ModelState merged = states.merge(state.name(), state, (old, neu) -> old.seq() >= neu.seq() ? old : neu);
        if (merged == state) {
            changes.incrementAndGet();
        }
    }

    private void load() {
        for (int attempt = 0; attempt < 3 && base == null; attempt++) {
            List<Long> numbers = generations.numbers();
            CatalogGeneration g = newestReadable(numbers, 0);
            if (g != null) {
                adopt(g);
            }
            if (numbers.isEmpty()) {
                break;
            }
        }
        if (base == null) {
            rebuild();
        }
        loaded = true;
        catchUp();
    }

    /** The newest readable generation of {@code numbers} above {@code above}, or null; unreadable ones are warned once. */
    private CatalogGeneration newestReadable(List<Long> numbers, long above) {
        for (int i = numbers.size() - 1; i >= 0 && numbers.get(i) > above; i--) {
            if (unreadable.contains(numbers.get(i))) {
                continue;
            }
            CatalogGeneration g = generations.read(numbers.get(i));
            if (g != null) {
                return g;
            }
            unreadable.add(numbers.get(i));
        }
        return null;
    }

    /** Takes {@code g} as the generation whose shards load on demand (those holding no model this index lacks). */
    private void adopt(CatalogGeneration g) {
        base = g;
        basePositions = new TreeMap<>(g.positions());
        pending = new ArrayList<>();
        for (CatalogGeneration.Shard shard : g.shards()) {
            if (!modelsOf(shard).stream().allMatch(states::containsKey)) {
                pending.add(shard);
            }
        }
        generation = g.generation();
        generationCreatedAt = g.createdAt();
    }

    private Set<String> modelsOf(CatalogGeneration.Shard shard) {
        return basePositions.subMap(shard.first(), true, shard.last(), true).keySet();
    }

    /** Loads, in parallel, the pending shards that hold a model whose name starts with {@code prefix} and {@code models} accepts. */
    private void loadPending(String prefix, Predicate<String> models) {
        List<CatalogGeneration.Shard> needed = new ArrayList<>();
        String to = prefix + Character.MAX_VALUE; // above every (ASCII) name with the prefix
        for (CatalogGeneration.Shard shard : pending) {
            String lo = shard.first().compareTo(prefix) > 0 ? shard.first() : prefix;
            String hi = shard.last().compareTo(to) < 0 ? shard.last() : to;
            if (lo.compareTo(hi) <= 0 && basePositions.subMap(lo, true, hi, true).keySet().stream().anyMatch(models)) {
                needed.add(shard);
            }
        }
        if (needed.isEmpty()) {
            return;
        }
        if (loaders == null) {
            loaders = Executors.newFixedThreadPool(LOADERS, r -> {
                Thread t = new Thread(r, "jmreg-catalog-loader");
                t.setDaemon(true);
                return t;
            });
        }
        CatalogGeneration g = base;
        List<Future<List<ModelState>>> loads = new ArrayList<>();
        for (CatalogGeneration.Shard shard : needed) {
            loads.add(loaders.submit(() -> generations.states(g, shard)));
        }
        for (int i = 0; i < needed.size(); i++) {
            List<ModelState> loadedStates;
            try {
                loadedStates = loads.get(i).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException(e, "interrupted while loading the catalog of %s", StoreUris.redacted(backend.uri()));
            } catch (ExecutionException e) {
                loadedStates = null;
            }
            if (loadedStates == null) { // gone or damaged: read those models from their logs
                for (String name : modelsOf(needed.get(i))) {
                    if (validName(name)) { // names read from storage never address anything else
                        offer(log.read(name));
                    }
                }
            } else {
                loadedStates.forEach(this::offer);
            }
        }
        pending.removeAll(needed);
    }

    /** Reads every model's log (the index's source of truth) when no generation can be loaded. */
    private void rebuild() {
        List<String> names = StoredModels.list(backend);
        LOG.info("building the catalog index of {} from {} model logs", StoreUris.redacted(backend.uri()), names.size());
        for (String name : names) {
            offer(log.read(name));
        }
    }

    private void catchUp() {
        List<ChangeHint> listed = hints.list(); // before the generations: see the class comment
        List<Long> numbers = generations.numbers();
        highestListed = numbers.isEmpty() ? 0 : numbers.get(numbers.size() - 1);
        CatalogGeneration newer = newestReadable(numbers, generation);
        if (newer != null) {
            for (Map.Entry<String, Long> p : newer.positions().entrySet()) {
                if (states.containsKey(p.getKey())) {
                    readOnwardsIfBehind(p.getKey(), p.getValue());
                }
            }
            adopt(newer);
        }
        long now = System.currentTimeMillis(); // before any model is read: a probe is as of this time or later
        Map<String, Long> wanted = new HashMap<>();
        Set<String> unsettled = new HashSet<>();
        for (ChangeHint h : listed) {
            wanted.merge(h.model(), h.seq(), Math::max);
            if (!settled(h)) {
                unsettled.add(h.model()); // it may cover commits after its own entry: look for them
            }
        }
        for (Map.Entry<String, Long> w : wanted.entrySet()) {
            String model = w.getKey();
            Long shardPosition = states.containsKey(model) ? null : basePositions.get(model);
            boolean read = (shardPosition == null || shardPosition < w.getValue())
                    && readOnwardsIfBehind(model, w.getValue());
            if (unsettled.contains(model)) {
                if (!read) { // read to its head just now otherwise: a probe would find nothing more
                    probe(model, shardPosition);
                }
                probedAtMillis.put(model, now);
            }
        }
        probedAtMillis.keySet().retainAll(wanted.keySet()); // a model without hints needs no probing
        caughtUpAtNanos = System.nanoTime();
        maybeCompact(listed);
    }

    /**
     * Reads a model onwards when an entry follows the position known of it (its state, else its position in the
     * generation): one existence check when nothing does.
     */
    private void probe(String model, Long shardPosition) {
        if (!validName(model)) {
            return; // a foreign hint
        }
        ModelState known = states.get(model);
        long position = known != null ? known.seq() : shardPosition != null ? shardPosition : 0;
        if (backend.stat(StoreLayout.logKey(model, position + 1)).isPresent()) {
            readOnwardsIfBehind(model, position + 1);
        }
    }

    /** Whether this index looked for new entries of the hint's model after every commit the hint covers. */
    private boolean settled(ChangeHint hint) {
        return probedAtMillis.getOrDefault(hint.model(), Long.MIN_VALUE) >= ChangeHints.settlesAt(hint);
    }

    /** Reads a model onwards (to the head of its log) from its known state when that is before {@code seq}. */
    private boolean readOnwardsIfBehind(String model, long seq) {
        if (!validName(model)) {
            return false; // a foreign hint
        }
        ModelState known = states.get(model);
        if (known != null && known.seq() >= seq) {
            return false;
        }
        offer(log.readFrom(known != null ? known : ModelState.empty(model)));
        return true;
    }

    private static boolean validName(String name) {
        try {
            Names.requireModelName(name);
            return true;
        } catch (ValidationException foreign) {
            return false;
        }
    }

    /** Writes the next generation when the hints call for it, then deletes the hints it covers. */
    private void maybeCompact(List<ChangeHint> listed) {
        if (listed.isEmpty() && generation > 0) {
            return;
        }
        boolean old = generationCreatedAt == null
                || generationCreatedAt.plus(settings.compactAfter()).isBefore(Instant.now());
        // hints still settling cannot be deleted yet: counting them would compact at every catch-up of a busy store
        long settled = listed.stream().filter(this::settled).count();
        if ((settled < settings.compactAfterHints() && !old) || System.nanoTime() < writeRefusedUntilNanos) {
            return;
        }
        try {
            loadPending("", name -> true); // a generation holds every model
            CatalogGeneration written = generations.write(Math.max(generation, highestListed) + 1, states.values());
            if (written == null) {
                return; // another process compacted first: the next catch-up takes its generation
            }
            adopt(written);
            long expired = System.currentTimeMillis() - settings.hintExpiry().toMillis();
            List<ChangeHint> covered = new ArrayList<>();
            for (ChangeHint h : listed) {
                Long position = written.positions().get(h.model());
                if ((position != null && position >= h.seq() && settled(h)) || h.writtenAtMillis() < expired) {
                    covered.add(h);
                }
            }
            hints.delete(covered);
            generations.retireBefore(written.generation());
        } catch (StorageException e) {
            writeRefusedUntilNanos = System.nanoTime() + WRITE_FAILURE_BACKOFF.toNanos();
            LOG.warn("could not write catalog generation {} of {} (read-only store?): {}", highestListed + 1, StoreUris.redacted(backend.uri()),
                    e.getMessage());
        }
    }
}
