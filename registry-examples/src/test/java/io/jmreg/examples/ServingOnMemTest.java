package io.jmreg.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.testkit.MemoryRegistryExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a team unit-tests its host code: the same registry API on the in-memory backend {@code mem:}, a fresh one per
 * test from the testkit's {@link MemoryRegistryExtension}.
 */
@ExtendWith(MemoryRegistryExtension.class)
class ServingOnMemTest {
    @TempDir
    Path temp;

    @Test
    void servingLoadsWhatProductionPointsToAndFollowsAliasMoves(ModelRegistry registry) {
        ModelVersion v1 = TrainingExample.trainAndRegister(registry, "sentiment", Demo.TRAIN, Demo.EVAL, 0.5, temp.resolve("a"));
        ModelVersion v2 = TrainingExample.trainAndRegister(registry, "sentiment", Demo.TRAIN.subList(0, 4), Demo.EVAL, 1.0,
                temp.resolve("b"));
        assertThat(v1.version()).isEqualTo("0.1.0");
        assertThat(v2.version()).isEqualTo("0.2.0");

        registry.setAlias("sentiment", "production", v1.version());
        ServingExample.Loaded served = ServingExample.load(registry, "sentiment@production");
        assertThat(served.version()).isEqualTo(v1);
        assertThat(served.model().positive("a great story")).isTrue();
        assertThat(served.model().positive("terrible and boring")).isFalse();

        registry.setAlias("sentiment", "production", v2.version());
        assertThat(ServingExample.load(registry, "sentiment@production").version().version()).isEqualTo("0.2.0");
        assertThat(v1.metrics()).containsKeys("training.accuracy", "evaluation.accuracy");
        assertThat(v1.trainingInfo().hyperParameters()).containsEntry("smoothing", 0.5);
    }

    @Test
    void aServingApplicationHotSwapsItsModelWhenProductionMoves(ModelRegistry registry) throws Exception {
        TrainingExample.trainAndRegister(registry, "sentiment", Demo.TRAIN, Demo.EVAL, 0.5, temp.resolve("a"));
        TrainingExample.trainAndRegister(registry, "sentiment", Demo.TRAIN.subList(0, 4), Demo.EVAL, 1.0, temp.resolve("b"));
        registry.setAlias("sentiment", "production", "0.1.0");
        try (ServingExample.HotSwap serving = ServingExample.serve(registry, "sentiment@production",
                Duration.ofMillis(50))) {
            assertThat(serving.current().version().version()).isEqualTo("0.1.0");
            registry.as("release-manager").setAlias("sentiment", "production", "0.2.0");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!serving.current().version().version().equals("0.2.0") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(serving.current().version().version()).isEqualTo("0.2.0");
            assertThat(serving.current().model().positive("a great story")).isTrue();
        }
    }
}
