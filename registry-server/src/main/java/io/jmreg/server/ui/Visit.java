package io.jmreg.server.ui;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.access.Permission;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Request;

/**
 * One request of a signed-in browser: the registry acting as the session's principal, the path segments (decoded),
 * the query, and for a form post its fields (CSRF already checked).
 */
record Visit(Request request, Sessions.Session session, ModelRegistry registry, List<String> segments,
             Map<String, List<String>> query, Map<String, List<String>> form) {
    String param(String name) {
        return Forms.first(query, name);
    }

    String field(String name) {
        return Forms.first(form, name);
    }

    String principal() {
        return session.principal();
    }

    /** The frame of a page titled {@code title} in navigation {@code section}, with the pending flash message. */
    Views.Frame frame(String title, String section) {
        return new Views.Frame(title, section, session.principal(), session.csrf(), session.takeFlash(),
                registry.access().allowed(Permission.REGISTRY_AUDIT, null),
                WebhookPages.manages(registry));
    }
}
