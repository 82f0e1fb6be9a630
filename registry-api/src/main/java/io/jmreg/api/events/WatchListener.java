package io.jmreg.api.events;

import io.jmreg.api.model.ModelVersion;

/**
 * Told when a watched reference resolves to a different version than before, whoever moved it (this process,
 * another one, another host). Called on the registry's watch thread; a listener that throws is logged and keeps
 * being called.
 */
@FunctionalInterface
public interface WatchListener {
    /**
     * The reference now selects {@code current} instead of {@code previous}.
     *
     * @param previous what it selected before, or null when it selected nothing
     * @param current  what it selects now, or null when it selects nothing any more (alias removed, version
     *                 deleted): keep serving what is loaded, or stop, as the application decides
     */
    void changed(ModelVersion previous, ModelVersion current);
}
