package io.jmreg.core.webhooks;

import io.jmreg.api.events.RegistryEvent;
import io.jmreg.core.log.LogEntry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/** The event type and details of a log entry, as listeners hear them. */
final class EventTypes {
    private EventTypes() {
    }

    static RegistryEvent.Type of(LogEntry e) {
        return switch (e.op()) {
            case REGISTER -> RegistryEvent.Type.REGISTERED;
            case DELETE -> RegistryEvent.Type.DELETED;
            case SET_ALIAS, REMOVE_ALIAS -> RegistryEvent.Type.ALIAS_MOVED;
            case UPDATE_METRICS, UPDATE_TAGS, UPDATE_DESCRIPTION, UPDATE_MODEL_DESCRIPTION -> RegistryEvent.Type.UPDATED;
            case SET_STAGE -> RegistryEvent.Type.STAGE_CHANGED;
            case DEPLOY -> RegistryEvent.Type.DEPLOYED;
            case ROLLBACK -> RegistryEvent.Type.ROLLED_BACK;
            case REQUEST_STAGE -> RegistryEvent.Type.PROMOTION_REQUESTED;
        };
    }

    static Map<String, String> details(LogEntry e) {
        Map<String, String> d = new LinkedHashMap<>();
        if (e.alias() != null) {
            d.put("alias", e.alias());
        }
        if (e.op() == LogEntry.Op.REMOVE_ALIAS) {
            d.put("removed", "true");
        }
        if (e.stage() != null) {
            d.put("stage", e.stage());
        }
        if (e.environment() != null) {
            d.put("environment", e.environment());
        }
        if (e.metrics() != null && !e.metrics().isEmpty()) {
            d.put("metrics", String.join(",", new TreeSet<>(e.metrics().keySet())));
        }
        return d;
    }
}
