package io.jmreg.djl;

import ai.djl.repository.Repository;
import ai.djl.repository.RepositoryFactory;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.model.ModelVersion;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * Lets DJL load {@code jmreg://name@alias} (or {@code jmreg://name:version}, any reference) through a registry:
 * {@code Criteria.builder().optModelUrls("jmreg://fraud@production")} resolves the reference, pulls the version's
 * files into the local cache, verified (and signature-checked when the registry requires signatures), and hands DJL
 * that directory. Nothing is downloaded from anywhere else. Install once per JVM with {@link #install}.
 */
public final class JmregRepositoryFactory implements RepositoryFactory {
    /** The URL scheme. */
    public static final String SCHEME = "jmreg";
    private static volatile ModelRegistry installed;

    private JmregRepositoryFactory() {
    }

    /**
     * Makes DJL resolve {@code jmreg://} URLs through {@code registry} (replacing the registry of an earlier call).
     * The registry must stay open while models are loaded.
     */
    public static void install(ModelRegistry registry) {
        installed = Objects.requireNonNull(registry, "registry");
        Repository.registerRepositoryFactory(new JmregRepositoryFactory());
    }

    /** The reference a {@code jmreg://} URL names: {@code jmreg://team/fraud@production} is {@code team/fraud@production}. */
    static String reference(URI uri) {
        if (!SCHEME.equalsIgnoreCase(uri.getScheme())) {
            throw new ValidationException("not a jmreg URL: %s (expected jmreg://name@alias)", uri);
        }
        String part = uri.getSchemeSpecificPart();
        String reference = part.startsWith("//") ? part.substring(2) : part;
        if (reference.isBlank()) {
            throw new ValidationException("%s names no model (expected jmreg://name@alias)", uri);
        }
        return reference;
    }

    @Override
    public Repository newInstance(String name, URI uri) {
        ModelRegistry registry = installed;
        if (registry == null) {
            throw new IllegalStateException("no registry for " + uri + ": call JmregRepositoryFactory.install(registry)");
        }
        String reference = reference(uri);
        ModelVersion version = registry.resolve(reference);
        Path files = registry.pull(version.reference());
        return Repository.newInstance(name == null ? version.name() : name, files);
    }

    @Override
    public Set<String> getSupportedScheme() {
        return Set.of(SCHEME);
    }
}
