package io.jmreg.core.catalog;

import io.jmreg.core.json.Json;
import io.jmreg.core.log.Checkpoint;
import io.jmreg.core.log.ModelState;
import io.jmreg.core.sequence.RetryPolicy;
import io.jmreg.core.sequence.Sequence;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.spi.StorageBackend;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads, writes and retires catalog generations and their state objects. */
final class CatalogGenerations {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogGenerations.class);
    /** Generations kept behind the newest, for readers still loading them. */
    private static final int KEPT = 2;
    /** A shard is closed once it holds this many models (or its number of versions). */
    private static final int SHARD_MODELS = 256;

    private final StorageBackend backend;
    private final Sequence sequence;
    private final int shardVersions;

    CatalogGenerations(StorageBackend backend, int shardVersions, RetryPolicy retry) {
        this.backend = backend;
        this.sequence = new Sequence(backend, "the catalog", "generation", StoreLayout.CATALOG_GENERATIONS,
                StoreLayout::catalogGenerationKey, StoreLayout::sequenceOf, retry);
        this.shardVersions = shardVersions;
    }

    /** Generation numbers in the store, ascending. */
    List<Long> numbers() {
        return sequence.numbers();
    }

    /** A generation record, or null when it is gone, unreadable or of a newer schema. */
    CatalogGeneration read(long generation) {
        String key = sequence.key(generation);
        try {
            byte[] bytes = sequence.read(generation).orElse(null);
            if (bytes == null) {
                return null;
            }
            CatalogGeneration g = Json.read(bytes, CatalogGeneration.class, key);
            return g.schema() <= CatalogGeneration.SCHEMA && g.generation() == generation && g.positions() != null
                    && g.shards() != null ? g : null;
        } catch (RuntimeException e) {
            LOG.warn("ignoring unreadable catalog generation {}: {}", key, e.getMessage());
            return null;
        }
    }

    /** The states of one shard of generation {@code g}, or null when they are gone or unreadable. */
    List<ModelState> states(CatalogGeneration g, CatalogGeneration.Shard shard) {
        try (InputStream in = new GZIPInputStream(backend.get(shard.key()), 1 << 16)) {
            CatalogStates states = Json.mapper().readValue(in, CatalogStates.class);
            if (states.schema() > CatalogStates.SCHEMA || states.generation() != g.generation()) {
                return null;
            }
            List<ModelState> out = new ArrayList<>(states.models().size());
            for (Checkpoint c : states.models()) {
                out.add(ModelState.of(c));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot load catalog generation {} shard {}: {}", g.generation(), shard.key(), e.getMessage());
            return null;
        }
    }

    /**
     * Writes generation {@code generation} holding {@code states}, create-only: the shards first, the record last.
     *
     * @return the record, or null when another process wrote that generation first
     */
    CatalogGeneration write(long generation, Collection<ModelState> states) {
        List<ModelState> sorted = new ArrayList<>();
        for (ModelState s : states) {
            if (s.exists()) {
                sorted.add(s);
            }
        }
        sorted.sort(Comparator.comparing(ModelState::name));
        Map<String, Long> positions = new TreeMap<>();
        List<CatalogGeneration.Shard> shards = new ArrayList<>();
        String id = UUID.randomUUID().toString();
        List<Checkpoint> chunk = new ArrayList<>();
        int versions = 0;
        for (int i = 0; i < sorted.size(); i++) {
            ModelState s = sorted.get(i);
            positions.put(s.name(), s.seq());
            chunk.add(s.toCheckpoint());
            versions += s.versions().size();
            if (versions >= shardVersions || chunk.size() >= SHARD_MODELS || i == sorted.size() - 1) {
                String key = StoreLayout.CATALOG_STATES + String.format("%020d-%s-%05d.json.gz", generation, id,
                        shards.size());
                backend.putBytes(key, gzip(Json.write(new CatalogStates(CatalogStates.SCHEMA, generation, chunk))));
                shards.add(new CatalogGeneration.Shard(key, chunk.get(0).name(), chunk.get(chunk.size() - 1).name()));
                chunk = new ArrayList<>();
                versions = 0;
            }
        }
        CatalogGeneration record = new CatalogGeneration(CatalogGeneration.SCHEMA, generation, Instant.now(),
                List.copyOf(shards), positions);
        byte[] bytes = Json.write(record);
        // a write that did not land is tried again; one taken by another process leaves its shards unreferenced
        boolean won = sequence.retrying(Sequence.Listener.NONE, attempt -> switch (attempt.append(generation, bytes)) {
            case CREATED -> Boolean.TRUE;
            case EXISTED -> Boolean.FALSE;
            case NOT_LANDED -> null;
        });
        if (!won) {
            backend.deleteAll(shards.stream().map(CatalogGeneration.Shard::key).toList());
            return null;
        }
        return record;
    }

    /** Deletes generations (and their states) more than {@link #KEPT} behind {@code newest}. */
    void retireBefore(long newest) {
        long keepFrom = newest - KEPT;
        List<String> doomed = new ArrayList<>();
        for (long n : numbers()) {
            if (n < keepFrom) {
                doomed.add(StoreLayout.catalogGenerationKey(n));
            }
        }
        for (String name : backend.listChildren(StoreLayout.CATALOG_STATES)) {
            long n = name.length() > 20 ? parse(name.substring(0, 20)) : -1;
            if (n > 0 && n < keepFrom) {
                doomed.add(StoreLayout.CATALOG_STATES + name);
            }
        }
        backend.deleteAll(doomed);
    }

    private static long parse(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static byte[] gzip(byte[] json) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            gz.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
