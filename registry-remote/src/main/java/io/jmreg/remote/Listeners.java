package io.jmreg.remote;

import io.jmreg.api.events.RegistryEvent;
import io.jmreg.api.events.RegistryListener;
import io.jmreg.api.events.Subscription;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.ModelNotFoundException;
import io.jmreg.api.exceptions.UnauthenticatedException;
import io.jmreg.api.exceptions.VersionNotFoundException;
import io.jmreg.api.model.ModelSummary;
import io.jmreg.api.model.ModelVersion;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one client and its {@code as(...)} views, each hearing, as embedded, only the events its view's
 * principal may read. The server sends back the events of a request as the requesting principal may read them; a
 * listener of a view acting as another principal hears one only after the server answers that it may read its version
 * (or, for a deleted version, its model).
 */
final class Listeners {
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    /** A listener and the requests of the view it was added to. */
    private record Heard(RegistryListener listener, Http view) {
    }

    private final List<Heard> heard = new CopyOnWriteArrayList<>();

    /** Adds {@code listener} for the view whose requests go through {@code view}. */
    Subscription add(RegistryListener listener, Http view) {
        Heard h = new Heard(listener, view);
        heard.add(h);
        return () -> heard.remove(h);
    }

    /** Tells each listener of {@code events}, committed by a request acting as {@code requester} (null: the token). */
    void publish(String requester, List<RegistryEvent> events) {
        for (RegistryEvent e : events) {
            for (Heard h : heard) {
                try {
                    if (Objects.equals(h.view().actAs(), requester) || mayRead(h.view(), e)) {
                        h.listener().onEvent(e);
                    }
                } catch (RuntimeException | LinkageError failure) {
                    LOG.warn("registry listener {} failed on {} of {}: {}", h.listener(), e.type(), e.model(),
                            failure.toString());
                }
            }
        }
    }

    private static boolean mayRead(Http view, RegistryEvent e) {
        try {
            if (e.version() != null) {
                try {
                    view.get("/api/v1/resolve" + Http.query("reference", e.model() + ":" + e.version()),
                            ModelVersion.class);
                    return true;
                } catch (VersionNotFoundException deleted) {
                    // a deleted version: its model decides, as embedded
                }
            }
            view.get(RemoteModelRegistry.modelPath(e.model()), ModelSummary.class);
            return true;
        } catch (AccessDeniedException | UnauthenticatedException | ModelNotFoundException | VersionNotFoundException e2) {
            return false;
        }
    }
}
