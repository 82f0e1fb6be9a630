package io.jmreg.spring;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.spring.app.ServingApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's example application, started on a real port over a {@code file:} store: it serves the model of
 * {@code greeter@production}, reports health (DOWN while the store is gone), publishes jmreg metrics, and follows
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
                trainer.registerModel(Registration.builder("greeter").version("1.0.0").artifacts(greeting("hello")).build());
                trainer.setAlias("greeter", "production", "1.0.0");
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
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
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Another process's registry on the same store: the one that trains and promotes. */
    static ModelRegistry trainer() {
        return ModelRegistry.open(RegistryOptions.builder("file:" + STORE).principal("trainer")
                .cacheDirectory(DIR.resolve("trainer-cache")).build());
    }

    static Path greeting(String text) throws IOException {
        Path dir = Files.createDirectories(DIR.resolve("files-" + text));
        Files.writeString(dir.resolve("greeting.txt"), text);
        return dir;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String awaitBody(String path, Predicate<String> until) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String body;
        do {
            body = get(path).body();
            if (until.test(body)) {
                return body;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(path + " never matched; last: " + body);
    }

    @Test
    void servesTheProductionModelAndSwapsItWhenAnotherRegistryMovesTheAlias() throws Exception {
        assertThat(get("/greet").body()).isEqualTo("hello (1.0.0)");
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Thread client = new Thread(() -> {
            while (running.get()) {
                try {
                    HttpResponse<String> r = get("/greet");
                    if (r.statusCode() == 200) {
                        served.incrementAndGet();
                        seen.add(r.body());
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
            trainer.registerModel(Registration.builder("greeter").version("2.0.0").artifacts(greeting("bonjour")).build());
            trainer.setAlias("greeter", "production", "2.0.0");
        }
        awaitBody("/greet", "bonjour (2.0.0)"::equals);
        Thread.sleep(200);
        running.set(false);
        client.join();
        assertThat(failed.get()).isZero();
        assertThat(served.get()).isPositive();
        assertThat(seen).containsOnly("hello (1.0.0)", "bonjour (2.0.0)");
        assertThat(get("/actuator/info").body()).contains("\"greeter@production\":\"greeter:2.0.0\"");
    }

    @Test
    void healthGoesDownWhileTheStoreIsGoneAndUpWhenItIsBack() throws Exception {
        HttpResponse<String> up = get("/actuator/health");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.body()).contains("\"jmreg\":{").contains("\"status\":\"UP\"").contains("\"newestModel\":\"greeter\"");
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
        get("/greet");
        String text = get("/actuator/prometheus").body();
        assertThat(text).contains("jmreg_operations_seconds_count{operation=\"resolve\",outcome=\"ok\"}")
                .contains("jmreg_operations_seconds_count{operation=\"pull\",outcome=\"ok\"}")
                .contains("jmreg_cache_misses_total");
    }
}
