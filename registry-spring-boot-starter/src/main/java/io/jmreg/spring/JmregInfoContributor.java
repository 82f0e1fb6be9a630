package io.jmreg.spring;

import io.jmreg.serving.WatchedModel;
import io.jmreg.api.ModelRegistry;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Adds {@code jmreg} to {@code /actuator/info}: the store, the principal, and the versions the watched models serve. */
public final class JmregInfoContributor implements InfoContributor {
    private final ModelRegistry registry;
    private final List<WatchedModel<?>> watched;

    /** Info about {@code registry} and the {@code watched} models. */
    public JmregInfoContributor(ModelRegistry registry, List<WatchedModel<?>> watched) {
        this.registry = registry;
        this.watched = watched;
    }

    @Override
    public void contribute(Info.Builder builder) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("uri", registry.uri());
        info.put("principal", registry.principal());
        Map<String, String> serving = new LinkedHashMap<>();
        watched.forEach(w -> serving.put(w.reference(), w.version().reference()));
        info.put("watchedModels", serving);
        builder.withDetail("jmreg", info);
    }
}
