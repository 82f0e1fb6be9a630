package io.jmreg.core.resolve;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jmreg.api.ModelReference;
import io.jmreg.api.Names;
import io.jmreg.api.exceptions.ModelNotFoundException;
import io.jmreg.api.exceptions.VersionNotFoundException;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.log.ModelLog;
import io.jmreg.core.log.ModelState;
import io.jmreg.core.pipeline.OperationContext;
import io.jmreg.core.semver.VersionSelector;
import io.jmreg.core.store.StoreUris;
import io.jmreg.core.store.StoredModels;
import io.jmreg.spi.StorageBackend;
import java.util.List;
import java.util.Map.Entry;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Turns reference strings into versions (every form of {@link ModelReference}) and names into model states. A
 * resolution is cached while the model's cached state is the very state it was computed from, so a hot
 * {@code name@production} costs a map lookup and stays within the log's staleness bound.
 */
public final class ReferenceResolver {
    /**
     * A resolution, valid while the model's cached state is the very state it was computed from: a new one is made
     * whenever the model changes, so what is decided about one (authorization) holds exactly as long as it does.
     *
     * @param model   the model the reference names
     * @param state   the model's state it was computed from
     * @param version the version the reference selects in it
     */
    public record Resolution(String model, ModelState state, ModelVersion version) {
    }

    private final StorageBackend backend;
    private final ModelLog log;
    private final Cache<String, Resolution> resolutions = Caffeine.newBuilder().maximumSize(100_000).build();
    /** The last listing of the store's models and when it was taken (a listing is one request per 1,000 models). */
    private volatile Listing listing;

    private record Listing(List<String> names, long takenAtNanos) {
    }

    /** Resolution over {@code log} of the store {@code backend}. */
    public ReferenceResolver(StorageBackend backend, ModelLog log) {
        this.backend = backend;
        this.log = log;
    }

    /**
     * The version a reference selects. Within an operation restricted to some versions (a principal's tier),
     * {@code latest} and ranges choose among those, and naming any other version is answered
     * exactly as naming a missing one ({@link VersionNotFoundException} listing only what the caller may see).
     */
    public ModelVersion resolve(String reference) {
        OperationContext restricted = OperationContext.currentRestricted();
        if (restricted != null) {
            return resolveVisible(reference, restricted);
        }
        Resolution hit = current(reference, System.nanoTime());
        if (hit != null) {
            return hit.version();
        }
        ModelReference ref = ModelReference.parse(reference);
        ModelState state = existing(ref.model());
        ModelVersion v = select(state, ref);
        resolutions.put(reference, new Resolution(ref.model(), state, v));
        return v;
    }

    /**
     * The cached resolution of {@code reference} if it is current at {@code nowNanos} (its model's state, at most
     * the staleness bound old, is the one it was computed from), else null; outside any restricted operation only.
     * Parses nothing and reads the store only as every cached read does (the model's log once the bound has passed):
     * the hot path of a cached {@code resolve}.
     */
    public Resolution hot(String reference, long nowNanos) {
        return reference == null || OperationContext.currentRestricted() != null ? null : current(reference, nowNanos);
    }

    private Resolution current(String reference, long nowNanos) {
        Resolution hit = resolutions.getIfPresent(reference);
        return hit != null && log.read(hit.model(), nowNanos) == hit.state() ? hit : null;
    }

    private ModelVersion resolveVisible(String reference, OperationContext ctx) {
        ModelReference ref = ModelReference.parse(reference);
        ModelState state = existing(ref.model());
        if (ref.kind() == ModelReference.Kind.LATEST || ref.kind() == ModelReference.Kind.RANGE) {
            List<String> visible = state.versionsAscending().stream()
                    .filter(v -> state.version(v).filter(ctx.visible()).isPresent()).toList();
            return VersionSelector.select(ref, visible).flatMap(state::version).orElseThrow(() ->
                    new VersionNotFoundException("no version of '%s' that '%s' may see matches '%s'", ref.model(),
                            ctx.principal(), ref.value()));
        }
        ModelVersion v = select(state, ref, ctx.visible());
        if (!ctx.visible().test(v)) { // a hidden version is answered exactly as a missing one
            throw switch (ref.kind()) {
                case ALIAS -> new VersionNotFoundException("model '%s' has no alias '%s' (aliases: %s)", ref.model(),
                        ref.value(), state.aliases().entrySet().stream().filter(a -> state.version(a.getValue())
                                .filter(ctx.visible()).isPresent()).map(Entry::getKey).toList());
                case DIGEST -> new VersionNotFoundException("no version of '%s' has artifact manifest digest sha256:%s",
                        ref.model(), ref.value());
                default -> new VersionNotFoundException("no version of '%s' matches '%s' (versions: %s)", ref.model(),
                        ref.value(), abbreviate(state.versionsAscending().stream()
                                .filter(n -> state.version(n).filter(ctx.visible()).isPresent()).toList()));
            };
        }
        return v;
    }

    /**
     * The (cached) state of an existing model, whatever the caller may see of it (for walks across every model that
     * filter versions themselves), or {@link ModelNotFoundException}.
     */
    public ModelState stored(String name) {
        ModelState state = log.read(Names.requireModelName(name));
        if (!state.exists()) {
            throw new ModelNotFoundException("no model named '%s' in %s", name, StoreUris.redacted(backend.uri()));
        }
        return state;
    }

    /**
     * The (cached) state of an existing model, or {@link ModelNotFoundException}; within an operation restricted to
     * some versions, also for a model none of whose versions the caller may see.
     */
    public ModelState existing(String name) {
        ModelState state = log.read(Names.requireModelName(name));
        OperationContext restricted = OperationContext.currentRestricted();
        if (!state.exists() || (restricted != null && !state.versions().isEmpty()
                && state.versions().stream().noneMatch(restricted.visible()))) {
            // a model none of whose versions the caller may see is answered exactly as a missing one
            throw new ModelNotFoundException("no model named '%s' in %s", name, StoreUris.redacted(backend.uri()));
        }
        return state;
    }

    /**
     * Names of every model in the store, sorted: a listing at most {@code staleness} old (other instances' new models
     * appear within the bound), merged with the models this instance knows (its own new models appear at once).
     */
    public List<String> listModels() {
        Listing last = listing;
        if (last == null || System.nanoTime() - last.takenAtNanos() >= log.stalenessNanos()) {
            last = new Listing(listStore(), System.nanoTime());
            listing = last;
        }
        TreeSet<String> names = new TreeSet<>(last.names());
        names.addAll(log.knownModels());
        return List.copyOf(names);
    }

    private List<String> listStore() {
        return StoredModels.list(backend);
    }

    /** Forgets cached resolutions. */
    public void invalidate() {
        resolutions.invalidateAll();
    }

    private static ModelVersion select(ModelState state, ModelReference ref) {
        return select(state, ref, v -> true);
    }

    /** The version {@code ref} names; a not-found message lists only versions and aliases {@code shown} accepts. */
    private static ModelVersion select(ModelState state, ModelReference ref,
                                       Predicate<ModelVersion> shown) {
        return switch (ref.kind()) {
            case ALIAS -> {
                String version = state.aliases().get(ref.value());
                if (version == null) {
                    throw new VersionNotFoundException("model '%s' has no alias '%s' (aliases: %s)", ref.model(),
                            ref.value(), state.aliases().entrySet().stream().filter(a -> state.version(a.getValue())
                                    .filter(shown).isPresent()).map(Entry::getKey).toList());
                }
                yield state.version(version).orElseThrow(() -> new VersionNotFoundException(
                        "alias '%s' of '%s' points to missing version %s", ref.value(), ref.model(), version));
            }
            case DIGEST -> state.byManifestDigest(ref.value()).orElseThrow(() -> new VersionNotFoundException(
                    "no version of '%s' has artifact manifest digest sha256:%s", ref.model(), ref.value()));
            default -> VersionSelector.select(ref, state.versionsAscending()).flatMap(state::version)
                    .orElseThrow(() -> new VersionNotFoundException("no version of '%s' matches '%s' (versions: %s)",
                            ref.model(), ref.value(), abbreviate(state.versionsAscending().stream()
                                    .filter(v -> state.version(v).filter(shown).isPresent()).toList())));
        };
    }

    private static String abbreviate(List<String> versions) {
        return versions.size() <= 10 ? versions.toString()
                : "[" + String.join(", ", versions.subList(0, 5)) + ", ... " + versions.get(versions.size() - 1) + "] ("
                + versions.size() + ")";
    }
}
