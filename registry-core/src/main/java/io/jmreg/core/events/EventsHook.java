package io.jmreg.core.events;

import io.jmreg.api.events.RegistryEvent;
import io.jmreg.api.lifecycle.EnvironmentDeployment;
import io.jmreg.api.lifecycle.StageChange;
import io.jmreg.api.model.AliasChange;
import io.jmreg.core.log.LogEntry;
import io.jmreg.core.log.ModelLog;
import io.jmreg.core.log.ModelState;
import io.jmreg.core.pipeline.OperationContext;
import io.jmreg.core.pipeline.OperationHook;
import io.jmreg.core.pipeline.RegistryOperation;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Announces what an operation committed: one event per committed log entry, derived from the entry and the state
 * after it, delivered after the operation (also when a later step of it failed: what was committed stays committed).
 */
public final class EventsHook implements OperationHook {
    private final EventBus bus;

    /** Events delivered to {@code bus}. */
    public EventsHook(EventBus bus) {
        this.bus = bus;
    }

    @Override
    public boolean observes(RegistryOperation operation) {
        return !operation.read(); // only changes commit anything
    }

    @Override
    public void after(OperationContext context, Object result) {
        context.commits().forEach(this::publish);
    }

    @Override
    public void failed(OperationContext context, RuntimeException failure) {
        context.commits().forEach(this::publish);
    }

    private void publish(ModelLog.Committed c) {
        LogEntry e = c.entry();
        ModelState s = c.state();
        switch (e.op()) {
            case REGISTER -> event(RegistryEvent.Type.REGISTERED, c, e.version(), Map.of("stage", e.record().stage()));
            case SET_ALIAS, REMOVE_ALIAS -> {
                AliasChange change = last(s.aliasHistory());
                Map<String, String> d = new HashMap<>();
                d.put("alias", e.alias());
                if (change.previous() != null) {
                    d.put("previous", change.previous());
                }
                event(RegistryEvent.Type.ALIAS_MOVED, c, change.version(), d);
            }
            case UPDATE_METRICS -> event(RegistryEvent.Type.UPDATED, c, e.version(),
                    Map.of("metrics", String.join(",", new TreeSet<>(e.metrics().keySet()))));
            case UPDATE_TAGS -> event(RegistryEvent.Type.UPDATED, c, e.version(),
                    Map.of("tags_added", String.join(",", new TreeSet<>(e.tagsAdd())),
                            "tags_removed", String.join(",", new TreeSet<>(e.tagsRemove()))));
            case UPDATE_DESCRIPTION -> event(RegistryEvent.Type.UPDATED, c, e.version(), Map.of("description", "updated"));
            case UPDATE_MODEL_DESCRIPTION -> event(RegistryEvent.Type.UPDATED, c, null,
                    Map.of("model_description", e.description().isEmpty() ? "removed" : "updated"));
            case DELETE -> event(RegistryEvent.Type.DELETED, c, e.version(), Map.of());
            case SET_STAGE -> {
                StageChange change = last(s.stageHistory());
                event(RegistryEvent.Type.STAGE_CHANGED, c, e.version(), Map.of("from", change.from(), "to", change.to()));
            }
            case DEPLOY, ROLLBACK -> {
                EnvironmentDeployment d = last(s.deploymentHistory());
                event(e.op() == LogEntry.Op.DEPLOY ? RegistryEvent.Type.DEPLOYED : RegistryEvent.Type.ROLLED_BACK, c,
                        d.primaryVersion(), Map.of("environment", e.environment(), "splits", d.splits().stream()
                                .map(x -> x.version() + "=" + x.percent() + "%").collect(Collectors.joining(","))));
            }
            case REQUEST_STAGE -> event(RegistryEvent.Type.PROMOTION_REQUESTED, c, e.version(),
                    Map.of("stage", e.stage()));
            default -> throw new IllegalStateException("no event for " + e.op());
        }
    }

    private void event(RegistryEvent.Type type, ModelLog.Committed c, String version, Map<String, String> details) {
        bus.publish(new RegistryEvent(type, c.state().name(), version, details, c.entry().at(), c.entry().by(),
                c.entry().seq()));
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }
}
