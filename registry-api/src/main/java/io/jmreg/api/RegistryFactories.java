package io.jmreg.api;

import io.jmreg.api.exceptions.BackendNotFoundException;
import io.jmreg.spi.RegistryFactory;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Finds the one registry implementation with {@link ServiceLoader}, reporting a missing, broken or duplicate one. */
final class RegistryFactories {
    private RegistryFactories() {
    }

    static RegistryFactory find() {
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
        if (found.size() == 1) {
            return found.values().iterator().next();
        }
        if (found.size() > 1) {
            throw new BackendNotFoundException("more than one registry implementation found (%s): keep exactly one of "
                    + "them on the class path or module path", String.join(", ", found.keySet()));
        }
        throw new BackendNotFoundException("no registry implementation found: add io.jmreg:registry-core to the class path "
                + "or module path%s", broken.isEmpty() ? "" : "; implementations that failed to load: " + String.join("; ", broken));
    }
}
