package io.jmreg.core.events;

import io.jmreg.api.events.RegistryEvent;
import io.jmreg.api.events.RegistryListener;
import io.jmreg.api.events.Subscription;
import io.jmreg.api.exceptions.ValidationException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers committed events to listeners; a failing listener is logged and never breaks the commit. */
public final class EventBus {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
    private final List<RegistryListener> listeners = new CopyOnWriteArrayList<>();

    /** Adds a listener; closing the handle removes it. */
    public Subscription add(RegistryListener listener) {
        if (listener == null) {
            throw new ValidationException("listener must not be null");
        }
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Delivers one event to every listener. */
    public void publish(RegistryEvent event) {
        for (RegistryListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("registry listener {} failed on {} of {}: {}", l, event.type(), event.model(), e.toString());
            }
        }
    }
}
