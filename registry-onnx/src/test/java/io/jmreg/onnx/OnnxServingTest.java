package io.jmreg.onnx;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.serving.WatchedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * A real ONNX model (score = features . weights + bias, written by {@code onnx/generate.py} with the onnx package) is
 * registered with the schema read from its file, promoted to production, resolved, verified and run by ONNX Runtime;
 * a second version deployed by another registry instance is swapped in while a client keeps predicting, and no
 * prediction fails.
 */
class OnnxServingTest {
    @TempDir
    Path temp;

    private ModelRegistry open(String cache) {
        return ModelRegistry.open(RegistryOptions.builder("file:" + temp.resolve("store")).principal(cache)
                .staleness(Duration.ofMillis(100)).cacheDirectory(temp.resolve(cache)).build());
    }

    /** Registers {@code resource} as {@code version} of {@code linear} and takes it to production. */
    private ModelVersion release(ModelRegistry registry, String resource, String version) throws Exception {
        Path dir = Files.createDirectories(temp.resolve("train-" + version));
        try (InputStream in = getClass().getResourceAsStream("/onnx/" + resource)) {
            Files.write(dir.resolve("model.onnx"), in.readAllBytes());
        }
        ModelVersion v = registry.registerModel(Registration.builder("linear").version(version).artifacts(dir).build());
        for (String stage : new String[] {"testing", "staging", "production"}) {
            registry.lifecycle().promote(v.reference(), stage);
        }
        registry.lifecycle().deploy(v.reference(), "production", "http://127.0.0.1/linear", 1); // moves linear@production
        return v;
    }

    @Test
    void servesPredictionsAndSwapsVersionsWithoutAFailedRequest() throws Exception {
        try (ModelRegistry trainer = open("trainer"); ModelRegistry serving = open("serving")) {
            ModelVersion v1 = release(trainer, "linear-v1.onnx", "1.0.0");
            assertThat(v1.modelInfo().framework()).isEqualTo("onnx");
            assertThat(v1.modelInfo().inputSchema()).contains("features").contains("float32");
            assertThat(v1.modelInfo().outputSchema()).contains("score");

            try (WatchedModel<OnnxModel> linear = OnnxModel.watch(serving, "linear@production", Duration.ofMillis(50))) {
                assertThat(linear.version().version()).isEqualTo("1.0.0");
                float[][] scores = linear.apply(m -> m.predict(new float[][] {{1, 2, 3}, {0, 0, 0}, {2, 0, -1}}));
                // 0.5*1 - 1*2 + 2*3 + 0.25; the bias alone; 0.5*2 + 2*(-1) + 0.25
                assertThat(scores[0][0]).isCloseTo(4.75f, within(1e-5f));
                assertThat(scores[1][0]).isCloseTo(0.25f, within(1e-5f));
                assertThat(scores[2][0]).isCloseTo(-0.75f, within(1e-5f));

                AtomicBoolean running = new AtomicBoolean(true);
                AtomicInteger predictions = new AtomicInteger();
                AtomicReference<Throwable> failure = new AtomicReference<>();
                Set<Float> seen = ConcurrentHashMap.newKeySet();
                Thread client = new Thread(() -> {
                    while (running.get()) {
                        try {
                            seen.add(linear.apply(m -> m.predict(new float[][] {{1, 2, 3}}))[0][0]);
                            predictions.incrementAndGet();
                        } catch (Throwable t) {
                            failure.compareAndSet(null, t);
                        }
                    }
                });
                client.start();
                release(trainer, "linear-v2.onnx", "2.0.0"); // another registry instance moves linear@production
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (!linear.version().version().equals("2.0.0") && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                int atSwap = predictions.get();
                while (predictions.get() < atSwap + 100 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                running.set(false);
                client.join();

                assertThat(failure.get()).isNull();
                assertThat(linear.version().version()).isEqualTo("2.0.0");
                assertThat(seen).containsExactlyInAnyOrder(4.75f, 5.0f); // 1 + 2 + 3 - 1 from version 2
                assertThat(predictions.get()).isGreaterThan(atSwap);
                float[][] now = linear.apply(m -> m.predict(new float[][] {{0, 0, 0}}));
                assertThat(now[0][0]).isCloseTo(-1f, within(1e-5f));
            }
        }
    }

    @Test
    void aBatchOfTheWrongWidthIsRefusedWithTheReason() throws Exception {
        try (ModelRegistry registry = open("cache")) {
            ModelVersion v = release(registry, "linear-v1.onnx", "1.0.0");
            try (OnnxModel model = OnnxModel.load(registry.resolve("linear@production"), registry.pull("linear@production"))) {
                assertThat(model.version().reference()).isEqualTo(v.reference());
                assertThat(model.version().stage()).isEqualTo("production");
                assertThatThrownBy(() -> model.predict(new float[][] {{1, 2}}))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes 3 features per example, got 2");
            }
        }
    }

    @Test
    void aVersionWithoutAnOnnxFileIsRefused() throws Exception {
        try (ModelRegistry registry = open("cache")) {
            Path dir = Files.createDirectories(temp.resolve("notes"));
            Files.writeString(dir.resolve("README.txt"), "no model here");
            ModelVersion v = registry.registerModel(Registration.builder("notes").version("1.0.0").artifacts(dir).build());
            assertThatThrownBy(() -> OnnxModel.load(v, registry.pull(v.reference())))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has 0 .onnx files");
        }
    }
}
