package io.jmreg.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.spring.app.ServingApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The README's example application, started on a real port over a {@code file:} store: it serves predictions of
 * the ONNX model {@code linear@production}, reports health (DOWN while the store is gone), publishes jmreg metrics, and follows
 * the alias when another registry instance moves it, without a failed request.
 */
@SpringBootTest(classes = ServingApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ServingApplicationTest {
    static final Path DIR;
    static final Path STORE;

    static {
        try {
            DIR = Files.createTempDirectory("jmreg-spring");
            STORE = DIR.resolve("store");
            try (ModelRegistry trainer = trainer()) {
                release(trainer, "linear-v1.onnx", "1.0.0");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;
    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("jmreg.uri", () -> "file:" + STORE);
        registry.add("jmreg.cache-directory", () -> DIR.resolve("app-cache").toString());
        registry.add("jmreg.principal", () -> "serving-app");
        registry.add("jmreg.staleness", () -> "100ms");
        registry.add("jmreg.watch.max-delay", () -> "200ms");
        registry.add("management.endpoints.web.exposure.include", () -> "health,info,prometheus");
        registry.add("management.endpoint.health.show-details", () -> "always");
    }

    @AfterAll
    static void removeStore() throws IOException {
        try (var walk = Files.walk(DIR)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Another process's registry on the same store: the one that trains and promotes. */
    static ModelRegistry trainer() {
        return ModelRegistry.open(RegistryOptions.builder("file:" + STORE).principal("trainer")
                .cacheDirectory(DIR.resolve("trainer-cache")).build());
    }

    /** Registers a real ONNX model (registry-onnx's test models) as {@code version} and deploys it to production. */
    static void release(ModelRegistry trainer, String model, String version) throws IOException {
        Path dir = Files.createDirectories(DIR.resolve("train-" + version));
        Files.copy(Path.of("../registry-onnx/src/test/resources/onnx", model), dir.resolve("model.onnx"));
        var v = trainer.registerModel(Registration.builder("linear").version(version).artifacts(dir).build());
        for (String stage : new String[] {"testing", "staging", "production"}) {
            trainer.lifecycle().promote(v.reference(), stage);
        }
        trainer.lifecycle().deploy(v.reference(), "production", "http://127.0.0.1/linear", 1);
    }

    private HttpResponse<String> predict(String features) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predict"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(features)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesPredictionsAndSwapsTheModelWhenAnotherRegistryMovesTheAlias() throws Exception {
        HttpResponse<String> first = predict("[[1, 2, 3], [0, 0, 0]]");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body().replace(" ", "")).contains("\"version\":\"1.0.0\"").contains("[[4.75],[0.25]]");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        Thread client = new Thread(() -> {
            while (running.get()) {
                try {
                    HttpResponse<String> r = predict("[[1, 2, 3]]");
                    if (r.statusCode() == 200) {
                        served.incrementAndGet();
                        seen.add(r.body().replace(" ", ""));
                    } else {
                        failed.incrementAndGet();
                    }
                } catch (Exception e) {
                    failed.incrementAndGet();
                }
            }
        });
        client.start();
        try (ModelRegistry trainer = trainer()) {
            release(trainer, "linear-v2.onnx", "2.0.0");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!predict("[[0, 0, 0]]").body().contains("2.0.0") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        int atSwap = served.get();
        while (served.get() < atSwap + 20 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        running.set(false);
        client.join();
        assertThat(failed.get()).isZero();
        assertThat(served.get()).isGreaterThan(atSwap);
        assertThat(seen).allSatisfy(body -> assertThat(body).isIn(
                "{\"version\":\"1.0.0\",\"scores\":[[4.75]]}", "{\"version\":\"2.0.0\",\"scores\":[[5.0]]}",
                "{\"scores\":[[4.75]],\"version\":\"1.0.0\"}", "{\"scores\":[[5.0]],\"version\":\"2.0.0\"}"));
        assertThat(seen).anyMatch(body -> body.contains("2.0.0"));
        assertThat(get("/actuator/info").body()).contains("\"linear@production\":\"linear:2.0.0\"");
    }

    @Test
    void healthGoesDownWhileTheStoreIsGoneAndUpWhenItIsBack() throws Exception {
        HttpResponse<String> up = get("/actuator/health");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.body()).contains("\"jmreg\":{").contains("\"status\":\"UP\"").contains("\"newestModel\":\"linear\"");
        Path away = DIR.resolve("store-away");
        Files.move(STORE, away);
        try {
            HttpResponse<String> down = get("/actuator/health");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("\"status\":\"DOWN\"").contains("is empty or gone");
        } finally {
            Files.move(away, STORE);
        }
        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
    }

    @Test
    void prometheusShowsTheRegistrysMetrics() throws Exception {
        predict("[[1, 2, 3]]");
        String text = get("/actuator/prometheus").body();
        assertThat(text).contains("jmreg_operations_seconds_count{operation=\"resolve\",outcome=\"ok\"}")
                .contains("jmreg_operations_seconds_count{operation=\"pull\",outcome=\"ok\"}")
                .contains("jmreg_cache_misses_total");
    }
}
