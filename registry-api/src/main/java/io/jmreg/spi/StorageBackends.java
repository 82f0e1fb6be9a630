package io.jmreg.spi;

import io.jmreg.api.exceptions.BackendNotFoundException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the {@link StorageBackendProvider} for a URI's scheme with {@link ServiceLoader}. */
public final class StorageBackends {
    private static final Pattern SCHEME = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*):");
    private StorageBackends() {
    }

    /**
     * Opens a backend for {@code uri}.
     *
     * @throws BackendNotFoundException when no provider handles the scheme (listing the schemes found) or a
     *                                  provider cannot be loaded (naming it and why)
     */
    public static StorageBackend open(String uri, Map<String, String> properties) {
        if (uri == null) {
            throw new BackendNotFoundException("store URI must not be null");
        }
        Matcher m = SCHEME.matcher(uri);
        String scheme = m.lookingAt() ? m.group(1) : null;
        if (scheme == null) {
            throw new BackendNotFoundException("store URI '%s' has no scheme (expected mem:, file:/path or s3://bucket/prefix)", uri);
        }
        TreeSet<String> found = new TreeSet<>();
        List<String> broken = new ArrayList<>();
        for (ClassLoader loader : loaders()) {
            Iterator<StorageBackendProvider> it = ServiceLoader.load(StorageBackendProvider.class, loader).iterator();
            while (true) {
                StorageBackendProvider provider;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    provider = it.next();
                } catch (ServiceConfigurationError e) {
                    broken.add(e.getMessage());
                    continue;
                }
                if (provider.scheme().toLowerCase(Locale.ROOT).equals(scheme.toLowerCase(Locale.ROOT))) {
                    return provider.open(uri, properties == null ? Map.of() : properties);
                }
                found.add(provider.scheme());
            }
        }
        throw new BackendNotFoundException("no storage backend for scheme '%s' in '%s'; schemes found: %s%s", scheme, uri,
                found.isEmpty() ? "none" : String.join(", ", found),
                broken.isEmpty() ? "" : "; providers that failed to load: " + String.join("; ", broken));
    }

    private static List<ClassLoader> loaders() {
        List<ClassLoader> loaders = new ArrayList<>();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null) {
            loaders.add(context);
        }
        ClassLoader own = StorageBackends.class.getClassLoader();
        if (own != null && own != context) {
            loaders.add(own);
        }
        return loaders;
    }
}
