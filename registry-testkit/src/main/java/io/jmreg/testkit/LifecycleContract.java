package io.jmreg.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.events.RegistryEvent;
import io.jmreg.api.events.Subscription;
import io.jmreg.api.exceptions.GateFailedException;
import io.jmreg.api.exceptions.IllegalTransitionException;
import io.jmreg.api.exceptions.OperationNotAllowedException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.lifecycle.Comparison;
import io.jmreg.api.lifecycle.EnvironmentDeployment;
import io.jmreg.api.lifecycle.StageChange;
import io.jmreg.api.lifecycle.StageMachine;
import io.jmreg.api.lifecycle.TrafficSplit;
import io.jmreg.api.model.Dataset;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.model.QualityGate;
import io.jmreg.api.model.TrainingInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lifecycle, promotion with gates, deployments, rollback, comparison, time travel and events (SPEC 5), per backend. */
public abstract class LifecycleContract {
    /** For subclasses that bind the suite to a backend. */
    protected LifecycleContract() {
    }

    /** Scratch space. */
    @TempDir
    protected Path temp;
    /** The registry under test. */
    protected ModelRegistry registry;

    /** The URI of a fresh, empty store for this test (it may use {@code temp}). */
    protected abstract String storeUri(Path temp) throws Exception;

    /** Opens the registry under test on {@code uri}; a subclass adds what its URI needs (a server's token). */
    protected ModelRegistry openRegistry(String uri, Path cacheDir) {
        return ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(cacheDir).build());
    }

    @BeforeEach
    void open() throws Exception {
        registry = openRegistry(storeUri(temp), temp.resolve("cache"));
    }

    @AfterEach
    void close() {
        registry.close();
    }

    /** Stages reached from development by allowed steps, for each stage of the default machine. */
    private static final Map<String, List<String>> PATH_TO = Map.of(
            "development", List.of(),
            "testing", List.of("testing"),
            "staging", List.of("testing", "staging"),
            "production", List.of("testing", "staging", "production"),
            "deprecated", List.of("deprecated"),
            "archived", List.of("deprecated", "archived"));

    private ModelVersion versionIn(String model, String version, String stage) {
        ModelVersion v = registry.registerModel(Registration.builder(model).version(version).build());
        for (String step : PATH_TO.get(stage)) {
            v = registry.lifecycle().promote(v.reference(), step);
        }
        assertThat(v.stage()).isEqualTo(stage);
        return v;
    }

    @Test
    void everyTransitionOfTheDefaultMachineIsAllowedOrRefusedAsSpecified() {
        StageMachine machine = StageMachine.defaults();
        int n = 0;
        for (String from : PATH_TO.keySet()) {
            for (String to : PATH_TO.keySet()) {
                ModelVersion v = versionIn("sm", "1.0." + n++, from);
                boolean allowed = machine.stage(from).transitions().contains(to);
                if (allowed) {
                    assertThat(registry.lifecycle().promote(v.reference(), to).stage()).as("%s -> %s", from, to).isEqualTo(to);
                } else {
                    assertThatThrownBy(() -> registry.lifecycle().promote(v.reference(), to)).as("%s -> %s", from, to)
                            .isInstanceOf(IllegalTransitionException.class)
                            .hasMessageContaining(from).hasMessageContaining(to)
                            .satisfies(e -> assertThat(((IllegalTransitionException) e).allowed())
                                    .isEqualTo(machine.stage(from).transitions()));
                    assertThat(registry.resolve(v.reference()).stage()).isEqualTo(from);
                }
            }
        }
        assertThatThrownBy(() -> registry.lifecycle().promote("sm:1.0.0", "nirvana")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("unknown stage");
    }

    @Test
    void productionVersionsAreImmutableButTheirMetricsUpdate() {
        ModelVersion v = versionIn("prod", "1.0.0", "production");
        assertThatThrownBy(() -> registry.updateTags(v.reference(), Set.of("x"), Set.of()))
                .isInstanceOf(OperationNotAllowedException.class).hasMessageContaining("production");
        assertThatThrownBy(() -> registry.deleteVersion(v.reference())).isInstanceOf(OperationNotAllowedException.class);
        assertThat(registry.updateMetrics(v.reference(), Map.of("online.ctr", 0.1)).metrics()).containsKey("online.ctr");
        assertThat(registry.resolve(v.reference()).tags()).isEmpty();
    }

    @Test
    void gatesBlockPromotionWithEveryFailureAndRecordTheirResultsOnSuccess() {
        ModelVersion v = registry.registerModel(Registration.builder("g").version("1.0.0").metric("evaluation.accuracy", 0.80)
                .metric("evaluation.latency_ms", 40).qualityGates(List.of(new QualityGate("safety_evaluation", "pending", null)))
                .build());
        registry.lifecycle().promote(v.reference(), "testing");
        long seq = registry.getModel("g").sequence();
        assertThatThrownBy(() -> registry.lifecycle().promote(v.reference(), "staging", "evaluation.accuracy >= 0.85",
                "evaluation.latency_ms < 50", "quality_gates.safety_evaluation == passed", "evaluation.f1 > 0.5"))
                .isInstanceOf(GateFailedException.class)
                .hasMessageContaining("evaluation.accuracy >= 0.85 (actual: 0.8)")
                .hasMessageContaining("quality_gates.safety_evaluation == passed (actual: pending)")
                .hasMessageContaining("evaluation.f1 > 0.5 (actual: missing)")
                .hasMessageNotContaining("latency_ms < 50 (")
                .satisfies(e -> assertThat(((GateFailedException) e).failed()).hasSize(3));
        assertThat(registry.getModel("g").sequence()).isEqualTo(seq);
        assertThat(registry.resolve(v.reference()).stage()).isEqualTo("testing");

        registry.updateMetrics(v.reference(), Map.of("evaluation.accuracy", 0.9));
        ModelVersion promoted = registry.lifecycle().promote(v.reference(), "staging", "evaluation.accuracy >= 0.85",
                "evaluation.latency_ms < 50", "stage == testing");
        assertThat(promoted.stage()).isEqualTo("staging");
        assertThat(promoted.qualityGates()).extracting(QualityGate::name)
                .contains("evaluation.accuracy >= 0.85", "evaluation.latency_ms < 50", "safety_evaluation");
        List<StageChange> history = registry.lifecycle().stageHistory(v.reference());
        assertThat(history).extracting(StageChange::to).containsExactly("testing", "staging");
        assertThat(history.get(1).gates()).allSatisfy(g -> assertThat(g.passed()).isTrue());
        assertThatThrownBy(() -> registry.lifecycle().promote(v.reference(), "production", "accuracy ~ 3"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("malformed quality gate");
    }

    @Test
    void deploymentsSplitTrafficMoveTheAliasAndRollBackAsAStack() {
        for (String version : List.of("1.0.0", "1.1.0", "1.2.0")) {
            versionIn("svc", version, "staging");
        }
        EnvironmentDeployment first = registry.lifecycle().deploy("svc:1.0.0", "production", "https://svc/v1", 3);
        assertThat(registry.resolve("svc@production").version()).isEqualTo("1.0.0");
        assertThat(registry.resolve("svc:1.0.0").deployments().get("production").trafficPercent()).isEqualTo(100.0);
        registry.lifecycle().deploy("svc:1.1.0", "production", "https://svc/v2", 3);
        long seq = registry.getModel("svc").sequence();
        assertThatThrownBy(() -> registry.lifecycle().deploy("svc", "production",
                List.of(new TrafficSplit("1.1.0", 60), new TrafficSplit("1.2.0", 30)), "https://svc/ab", 4))
                .isInstanceOf(ValidationException.class).hasMessageContaining("add up to 90");
        assertThat(registry.getModel("svc").sequence()).isEqualTo(seq);
        EnvironmentDeployment ab = registry.lifecycle().deploy("svc", "production",
                List.of(new TrafficSplit("1.1.0", 30), new TrafficSplit("1.2.0", 70)), "https://svc/ab", 4);
        assertThat(ab.primaryVersion()).isEqualTo("1.2.0");
        assertThat(registry.resolve("svc@production").version()).isEqualTo("1.2.0");
        assertThat(registry.resolve("svc:1.1.0").deployments().get("production").trafficPercent()).isEqualTo(30.0);

        EnvironmentDeployment back = registry.lifecycle().rollback("svc", "production");
        assertThat(back.splits()).containsExactly(new TrafficSplit("1.1.0", 100));
        assertThat(back.rollback()).isTrue();
        assertThat(registry.resolve("svc@production").version()).isEqualTo("1.1.0");
        assertThat(registry.resolve("svc:1.2.0").deployments()).doesNotContainKey("production");
        back = registry.lifecycle().rollback("svc", "production");
        assertThat(back.splits()).isEqualTo(first.splits());
        assertThat(back.endpoint()).isEqualTo("https://svc/v1");
        assertThat(registry.resolve("svc@production").version()).isEqualTo("1.0.0");
        assertThatThrownBy(() -> registry.lifecycle().rollback("svc", "production")).isInstanceOf(OperationNotAllowedException.class)
                .hasMessageContaining("roll back");
        assertThat(registry.lifecycle().deploymentHistory("svc", "production")).hasSize(5);
        assertThat(registry.lifecycle().deployments("svc")).containsKey("production");
        assertThat(registry.aliasHistory("svc", "production")).extracting(c -> c.version())
                .containsExactly("1.0.0", "1.1.0", "1.2.0", "1.1.0", "1.0.0");
    }

    @Test
    void timeTravelTellsWhichVersionServedProductionAtAnInstant() throws Exception {
        versionIn("tt", "1.0.0", "staging");
        versionIn("tt", "2.0.0", "staging");
        Instant before = Instant.now();
        Thread.sleep(5);
        registry.lifecycle().deploy("tt:1.0.0", "production", "e1", 1);
        Thread.sleep(5);
        Instant t1 = Instant.now();
        Thread.sleep(5);
        registry.lifecycle().deploy("tt:2.0.0", "production", "e2", 1);
        registry.lifecycle().promote("tt:2.0.0", "production");
        Thread.sleep(5);
        Instant t2 = Instant.now();
        Thread.sleep(5);
        registry.lifecycle().rollback("tt", "production");

        assertThat(registry.lifecycle().stateAt("tt", before).aliases()).doesNotContainKey("production");
        assertThat(registry.lifecycle().stateAt("tt", t1).aliases()).containsEntry("production", "1.0.0");
        assertThat(registry.lifecycle().stateAt("tt", t1).stages()).containsEntry("2.0.0", "staging");
        assertThat(registry.lifecycle().stateAt("tt", t2).aliases()).containsEntry("production", "2.0.0");
        assertThat(registry.lifecycle().stateAt("tt", t2).stages()).containsEntry("2.0.0", "production");
        assertThat(registry.lifecycle().stateAt("tt", t2).deployments().get("production").endpoint()).isEqualTo("e2");
        assertThat(registry.lifecycle().stateAt("tt", Instant.now()).aliases()).containsEntry("production", "1.0.0");
    }

    @Test
    void concurrentPromotionsAreSerialisedAndTheLogSaysInWhichOrder() throws Exception {
        versionIn("cp", "1.0.0", "staging");
        versionIn("cp", "2.0.0", "staging");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Object>> results = new ArrayList<>();
        for (String ref : List.of("cp:1.0.0", "cp:2.0.0", "cp:1.0.0", "cp:2.0.0")) {
            results.add(pool.submit(() -> {
                go.await();
                try {
                    return registry.lifecycle().promote(ref, "production");
                } catch (IllegalTransitionException e) {
                    return e;
                }
            }));
        }
        go.countDown();
        int won = 0;
        int refused = 0;
        for (Future<Object> f : results) {
            if (f.get() instanceof ModelVersion) {
                won++;
            } else {
                refused++;
            }
        }
        pool.shutdown();
        assertThat(won).as("one promotion per version wins").isEqualTo(2);
        assertThat(refused).isEqualTo(2);
        List<StageChange> p1 = registry.lifecycle().stageHistory("cp:1.0.0");
        List<StageChange> p2 = registry.lifecycle().stageHistory("cp:2.0.0");
        assertThat(p1).filteredOn(c -> c.to().equals("production")).hasSize(1);
        assertThat(p2).filteredOn(c -> c.to().equals("production")).hasSize(1);
        assertThat(p1.get(p1.size() - 1).sequence()).isNotEqualTo(p2.get(p2.size() - 1).sequence());
    }

    @Test
    void listenersHearEveryCommittedEventAndCannotBreakCommits() throws Exception {
        List<RegistryEvent> heard = new CopyOnWriteArrayList<>();
        Subscription hearing = registry.addListener(heard::add);
        Subscription broken = registry.addListener(e -> {
            throw new IllegalStateException("listener bug");
        });
        try {
            versionIn("ev", "1.0.0", "staging");
            registry.registerModel(Registration.builder("ev").version("1.1.0").build());
            registry.setAlias("ev", "champion", "1.0.0");
            registry.lifecycle().deploy("ev:1.0.0", "production", "e", 1);
            registry.lifecycle().deploy("ev:1.1.0", "production", "e", 1);
            registry.lifecycle().rollback("ev", "production");
            registry.deleteVersion("ev:1.1.0");
        } finally {
            hearing.close();
            broken.close();
        }
        registry.registerModel(Registration.builder("ev").version("9.0.0").build());
        assertThat(heard).extracting(RegistryEvent::type).containsExactly(RegistryEvent.Type.REGISTERED,
                RegistryEvent.Type.STAGE_CHANGED, RegistryEvent.Type.STAGE_CHANGED, RegistryEvent.Type.REGISTERED,
                RegistryEvent.Type.ALIAS_MOVED, RegistryEvent.Type.DEPLOYED, RegistryEvent.Type.DEPLOYED,
                RegistryEvent.Type.ROLLED_BACK, RegistryEvent.Type.DELETED);
        assertThat(heard.get(2).details()).containsEntry("from", "testing").containsEntry("to", "staging");
        assertThat(heard.get(7).details()).containsEntry("environment", "production");
        assertThat(heard).extracting(RegistryEvent::sequence).isSorted();
        assertThat(registry.listVersions("ev")).extracting(ModelVersion::version).containsExactly("1.0.0", "9.0.0");
    }

    @Test
    void compareGivesDeltasDifferencesAndAWinner() throws Exception {
        Path a = Files.createDirectories(temp.resolve("a"));
        Files.writeString(a.resolve("weights.bin"), "aaa");
        Files.writeString(a.resolve("config.json"), "{}");
        Files.writeString(a.resolve("old.txt"), "x");
        Path b = Files.createDirectories(temp.resolve("b"));
        Files.writeString(b.resolve("weights.bin"), "bbb");
        Files.writeString(b.resolve("config.json"), "{}");
        Files.writeString(b.resolve("new.txt"), "y");
        registry.registerModel(Registration.builder("cmp").version("1.0.0").artifacts(a).metric("loss", 0.5).metric("acc", 0.8)
                .trainingInfo(new TrainingInfo(List.of(Dataset.of("reviews", "1")), null, Map.of("lr", 0.001), 3, null,
                        null, null, null, null, null, null)).build());
        registry.registerModel(Registration.builder("cmp").version("2.0.0").artifacts(b).metric("loss", 0.4).metric("bleu", 30)
                .trainingInfo(new TrainingInfo(List.of(Dataset.of("reviews", "2")), null, Map.of("lr", 0.0005), 3, null,
                        null, null, null, null, null, null)).build());
        Comparison c = registry.lifecycle().compare("cmp:1.0.0", "cmp:2.0.0", "loss", false);
        assertThat(c.metrics().get("loss").absolute()).isCloseTo(-0.1, Offset.offset(1e-9));
        assertThat(c.metrics().get("loss").relative()).isCloseTo(-0.2, Offset.offset(1e-9));
        assertThat(c.metrics().get("acc").b()).isNull();
        assertThat(c.parameters()).containsKey("training_info.hyper_parameters.lr").doesNotContainKey("training_info.epochs");
        assertThat(c.datasetsAdded()).containsExactly("reviews@2");
        assertThat(c.datasetsRemoved()).containsExactly("reviews@1");
        assertThat(c.filesAdded()).containsExactly("new.txt");
        assertThat(c.filesRemoved()).containsExactly("old.txt");
        assertThat(c.filesChanged()).containsExactly("weights.bin");
        assertThat(c.winner()).isEqualTo("cmp:2.0.0");
        assertThat(registry.lifecycle().compare("cmp:1.0.0", "cmp:2.0.0", "loss", true).winner()).isEqualTo("cmp:1.0.0");
        assertThat(registry.lifecycle().compare("cmp:1.0.0", "cmp:2.0.0", "acc", true).winner()).isNull();
    }
}
