package io.jmreg.core.pipeline;

/**
 * What an operation acts on: the whole registry, a model, or a version (by reference as the caller gave it).
 *
 * @param model     model name, or null for the registry as a whole
 * @param reference the reference or version the caller named, or null
 */
public record Resource(String model, String reference) {
    private static final Resource REGISTRY = new Resource(null, null);

    /** The registry as a whole. */
    public static Resource registry() {
        return REGISTRY;
    }

    /** A model. */
    public static Resource model(String name) {
        return new Resource(name, null);
    }

    /** A version of a model, by the reference the caller gave (its model part parsed leniently). */
    public static Resource reference(String reference) {
        if (reference == null) {
            return REGISTRY;
        }
        int cut = -1;
        for (int i = 0; i < reference.length(); i++) {
            char c = reference.charAt(i);
            if (c == ':' || c == '@') {
                cut = i;
                break;
            }
        }
        return new Resource(cut < 0 ? reference.strip() : reference.substring(0, cut).strip(), reference);
    }

    @Override
    public String toString() {
        return model == null ? "registry" : reference == null ? "model " + model : reference;
    }
}
