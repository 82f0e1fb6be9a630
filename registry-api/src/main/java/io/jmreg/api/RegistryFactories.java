package io.jmreg.api;

import io.jmreg.api.exceptions.BackendNotFoundException;
import io.jmreg.spi.RegistryFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the registry implementation for a URI with {@link ServiceLoader}: the one claiming its scheme, else the one
 * claiming none (registry-core); reports a missing, broken or duplicate one.
 */
final class RegistryFactories {
    private RegistryFactories() {
    }

    static RegistryFactory find(String uri) {
        Map<String, RegistryFactory> found = new LinkedHashMap<>();
        List<String> broken = new ArrayList<>();
        List<ClassLoader> loaders = new ArrayList<>();
        loaders.add(ModelRegistry.class.getClassLoader());
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null && context != loaders.get(0)) {
            loaders.add(context);
        }
        for (ClassLoader loader : loaders) {
            Iterator<RegistryFactory> it = ServiceLoader.load(RegistryFactory.class, loader).iterator();
            while (true) {
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    RegistryFactory f = it.next();
                    found.putIfAbsent(f.getClass().getName(), f);
                } catch (ServiceConfigurationError e) {
                    broken.add(e.getMessage());
                }
            }
        }
        int colon = uri == null ? -1 : uri.indexOf(':');
        String scheme = colon < 0 ? "" : uri.substring(0, colon).toLowerCase(Locale.ROOT);
        List<RegistryFactory> claiming = found.values().stream().filter(f -> f.schemes().contains(scheme)).toList();
        List<RegistryFactory> general = found.values().stream().filter(f -> f.schemes().isEmpty()).toList();
        if (claiming.isEmpty() && (scheme.equals("http") || scheme.equals("https"))) {
            throw new BackendNotFoundException("no registry client for %s found: add io.jmreg:registry-remote to the "
                    + "class path or module path", uri);
        }
        List<RegistryFactory> candidates = claiming.isEmpty() ? general : claiming;
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        if (candidates.size() > 1) {
            throw new BackendNotFoundException("more than one registry implementation found for '%s:' (%s): keep exactly "
                    + "one of them on the class path or module path", scheme,
                    String.join(", ", candidates.stream().map(f -> f.getClass().getName()).toList()));
        }
        throw new BackendNotFoundException("no registry implementation found: add io.jmreg:registry-core to the class path "
                + "or module path%s", broken.isEmpty() ? "" : "; implementations that failed to load: " + String.join("; ", broken));
    }
}
