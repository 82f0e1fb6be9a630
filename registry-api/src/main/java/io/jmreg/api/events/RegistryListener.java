package io.jmreg.api.events;

/**
 * Receives events after their commit, on the committing thread. A listener that throws is logged and skipped:
 * it never undoes or breaks the commit.
 */
@FunctionalInterface
public interface RegistryListener {
    /** Called once per committed event. */
    void onEvent(RegistryEvent event);
}
