package io.jmreg.core.properties;

import io.jmreg.api.lifecycle.TrafficSplit;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.log.LogEntry;
import io.jmreg.core.log.ModelLog;
import io.jmreg.core.log.ModelState;
import io.jmreg.core.json.Json;
import io.jmreg.core.log.Checkpoint;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.lang.reflect.Method;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ModelState.apply}, one operation at a time, against a simple model of what each operation means; and a
 * checkpoint of any state restores exactly that state.
 */
class ModelStateProperties {
    private static final Method STAMP;

    static {
        try {
            STAMP = LogEntry.class.getDeclaredMethod("stamped", long.class, String.class, Instant.class, String.class);
            STAMP.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Provide
    Arbitrary<List<Integer>> scripts() {
        return Arbitraries.integers().between(0, 7).list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 200)
    void everyOperationDoesWhatItSaysAndCheckpointsRestoreTheState(@ForAll("scripts") @Size(max = 40) List<Integer> script)
            throws Exception {
        ModelState state = ModelState.empty("m");
        Map<String, Double> lastMetric = new HashMap<>();
        Map<String, String> aliases = new HashMap<>();
        List<String> live = new ArrayList<>();
        int registered = 0;
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (int op : script) {
            LogEntry proposal = null;
            String someLive = live.isEmpty() ? null : live.get(registered % live.size());
            switch (op) {
                case 0, 1 -> {
                    String v = "1.0." + registered++;
                    proposal = LogEntry.register(ModelVersion.builder("m", v, t).build());
                    live.add(v);
                }
                case 2 -> {
                    if (someLive != null) {
                        proposal = LogEntry.setAlias("prod", someLive);
                        aliases.put("prod", someLive);
                    }
                }
                case 3 -> {
                    if (aliases.containsKey("prod")) {
                        proposal = LogEntry.removeAlias("prod", aliases.remove("prod"));
                    }
                }
                case 4 -> {
                    if (someLive != null) {
                        proposal = LogEntry.updateMetrics(someLive, Map.of("e.acc", (double) script.size()));
                        lastMetric.put(someLive, (double) script.size());
                    }
                }
                case 5 -> {
                    if (someLive != null) {
                        proposal = LogEntry.updateTags(someLive, Set.of("x"), Set.of());
                    }
                }
                case 6 -> {
                    if (someLive != null && !someLive.equals(aliases.get("prod")) && !someLive.equals(aliases.get("env"))) {
                        proposal = LogEntry.delete(someLive);
                        live.remove(someLive);
                    }
                }
                default -> {
                    if (someLive != null) {
                        proposal = LogEntry.deploy("env", List.of(new TrafficSplit(someLive, 100)), "e", 1, List.of());
                        aliases.put("env", someLive);
                    }
                }
            }
            if (proposal == null) {
                continue;
            }
            t = t.plusSeconds(1);
            LogEntry entry = (LogEntry) STAMP.invoke(proposal, state.seq() + 1, "id", t, "p");
            state = state.apply(entry);
            assertThat(state.seq()).isEqualTo(entry.seq());
            assertThat(state.versionsAscending()).containsExactlyInAnyOrderElementsOf(live);
            assertThat(state.aliases()).isEqualTo(aliases);
            ModelState now = state;
            lastMetric.forEach((v, m) -> now.version(v).ifPresent(mv -> assertThat(mv.metrics()).containsEntry("e.acc", m)));
            ModelState restored = ModelState.of(Json.read(Json.write(state.toCheckpoint()), Checkpoint.class, "checkpoint"));
            assertThat(restored.versions()).isEqualTo(state.versions());
            assertThat(restored.aliases()).isEqualTo(state.aliases());
            assertThat(restored.aliasHistory()).isEqualTo(state.aliasHistory());
            assertThat(restored.deployments()).isEqualTo(state.deployments());
            assertThat(restored.allTaken()).containsExactlyInAnyOrderElementsOf(state.allTaken());
        }
        assertThat(ModelLog.CHECKPOINT_INTERVAL).isPositive();
    }
}
