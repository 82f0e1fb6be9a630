package io.jmreg.core.pipeline;

import io.jmreg.api.model.Kind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What an operation acts on: the whole registry, a model, or a version (by reference as the caller gave it).
 *
 * @param model     model name, or null for the registry as a whole
 * @param reference the reference or version the caller named, or null
 * @param kind      the kind of the version a registration creates, or null
 * @param alias     the alias an alias change acts on, or null
 * @param environment the environment a deployment or rollback acts on, or null
 * @param addTags   tags a registration gives its version, or a tag change adds (null: no tag change)
 * @param removeTags tags a tag change removes, or null
 * @param inputs    the other versions the operation reads or acts on (the second side of a comparison, the adapters
 *                  a deployment serves), each authorized like the first; never null
 */
public record Resource(String model, String reference, Kind kind, String alias, String environment,
                       Set<String> addTags, Set<String> removeTags, List<String> inputs) {
    private static final Resource REGISTRY = new Resource(null, null);

    /** Copies the inputs. */
    public Resource {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
    }

    /** A model or a reference. */
    public Resource(String model, String reference) {
        this(model, reference, null, null, null, null, null, null);
    }

    /** This resource with {@code references} as further inputs, authorized like it (nulls are skipped). */
    public Resource with(Collection<String> references) {
        if (references == null || references.isEmpty()) {
            return this;
        }
        List<String> all = new ArrayList<>(inputs);
        references.stream().filter(Objects::nonNull).forEach(all::add);
        return new Resource(model, reference, kind, alias, environment, addTags, removeTags, all);
    }

    /** The version a registration of {@code kind} with {@code tags} creates in model {@code name}. */
    public static Resource registration(String name, Kind kind, Set<String> tags) {
        return new Resource(name, null, kind == null ? Kind.MODEL : kind, null, null,
                tags == null ? Set.of() : tags, null, null);
    }

    /** Alias {@code alias} of model {@code name}, pointed at {@code version} (null when removed). */
    public static Resource alias(String name, String alias, String version) {
        return new Resource(name, version == null ? null : name + ":" + version, null, alias, null, null, null, null);
    }

    /** Environment {@code environment}, deployed from model {@code name} or from the version {@code reference}. */
    public static Resource environment(String name, String reference, String environment) {
        return new Resource(name, reference, null, null, environment, null, null, null);
    }

    /** The version {@code reference}, its tags changed by {@code add} and {@code remove}. */
    public static Resource tagChange(String reference, Set<String> add, Set<String> remove) {
        return new Resource(null, reference, null, null, null, add == null ? Set.of() : add,
                remove == null ? Set.of() : remove, null);
    }

    /** The registry as a whole. */
    public static Resource registry() {
        return REGISTRY;
    }

    /** A model. */
    public static Resource model(String name) {
        return new Resource(name, null);
    }

    /**
     * A version of a model, by the reference the caller gave; its model part is parsed (leniently) only when a hook
     * asks for it, so the hot path of a cached resolve does no string work.
     */
    public static Resource reference(String reference) {
        return reference == null ? REGISTRY : new Resource(null, reference);
    }

    /** The model name, or null for the registry as a whole. */
    @Override
    public String model() {
        if (model != null || reference == null) {
            return model;
        }
        int at = reference.indexOf('@');
        int colon = reference.indexOf(':');
        int cut = at < 0 ? colon : colon < 0 ? at : Math.min(at, colon);
        return cut < 0 ? reference.strip() : reference.substring(0, cut).strip();
    }

    @Override
    public String toString() {
        return model() == null ? "registry" : reference == null ? "model " + model : reference;
    }
}
