package io.jmreg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.events.RegistryEvent;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.OperationNotAllowedException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.webhooks.DeliverySettings;
import io.jmreg.api.webhooks.WebhookDelivery;
import io.jmreg.api.webhooks.WebhookRequest;
import io.jmreg.api.webhooks.WebhookSubscription;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks through the public API on a {@code file:} store, with a real HTTP receiver that verifies signatures:
 * payload and signature, retries with backoff then failure and redelivery, a restart resuming from the stored
 * progress, a process stopped mid-delivery, two processes on one store delivering each event once, and authorization.
 */
class WebhooksTest {
    private static final String SECRET = "a-secret-of-some-length";
    private static final DeliverySettings FAST = new DeliverySettings(Duration.ofMillis(50), 4, Duration.ofMillis(50),
            Duration.ofMillis(200), Duration.ofSeconds(2));
    @TempDir
    Path temp;
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private <T extends AutoCloseable> T keep(T c) {
        open.add(c);
        return c;
    }

    private ModelRegistry open(String principal) {
        return keep(ModelRegistry.open(RegistryOptions.builder("file:" + temp.resolve("store")).principal(principal)
                .cacheDirectory(temp.resolve("cache-" + open.size())).staleness(Duration.ZERO).build()));
    }

    private void register(ModelRegistry r, String name, String version) throws Exception {
        Path dir = Files.createDirectories(temp.resolve("art-" + name.replace('/', '_') + version));
        Files.writeString(dir.resolve("w.bin"), name + version);
        r.registerModel(Registration.builder(name).version(version).artifacts(dir).build());
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void eventsArePostedSignedWithTheirLogPositionAndRecorded() throws Exception {
        WebhookReceiver receiver = keep(new WebhookReceiver(SECRET));
        ModelRegistry registry = open("alice");
        register(registry, "other/model", "1.0.0"); // before the subscription: not delivered
        WebhookSubscription sub = registry.webhooks().add(new WebhookRequest(receiver.url(),
                Set.of(RegistryEvent.Type.REGISTERED, RegistryEvent.Type.ALIAS_MOVED), "fraud/*", SECRET));
        keep(registry.webhooks().startDelivery(FAST));
        register(registry, "fraud/detector", "1.0.0");
        registry.updateTags("fraud/detector:1.0.0", Set.of("x"), Set.of()); // an event type not subscribed
        registry.setAlias("fraud/detector", "production", "1.0.0");
        register(registry, "other/model", "1.1.0"); // another model: not covered by fraud/*
        await("two deliveries", () -> receiver.received.size() >= 2);
        Thread.sleep(300);
        assertThat(receiver.received).hasSize(2);
        assertThat(receiver.rejected.get()).isZero();
        var first = receiver.received.get(0).body();
        assertThat(first.path("event").asText()).isEqualTo("registered");
        assertThat(first.path("model").asText()).isEqualTo("fraud/detector");
        assertThat(first.path("version").asText()).isEqualTo("1.0.0");
        assertThat(first.path("principal").asText()).isEqualTo("alice");
        assertThat(first.path("time").asText()).isNotBlank();
        assertThat(first.path("log").path("sequence").asLong()).isEqualTo(1);
        assertThat(first.path("id").asText()).isEqualTo(receiver.received.get(0).id());
        var second = receiver.received.get(1).body();
        assertThat(second.path("event").asText()).isEqualTo("alias_moved");
        assertThat(second.path("details").path("alias").asText()).isEqualTo("production");
        assertThat(second.path("log").path("sequence").asLong()).isEqualTo(3);

        List<WebhookDelivery> deliveries = registry.webhooks().deliveries(sub.id(), 10);
        assertThat(deliveries).hasSize(2).allSatisfy(d -> {
            assertThat(d.status()).isEqualTo(WebhookDelivery.Status.DELIVERED);
            assertThat(d.attempts()).isEqualTo(1);
            assertThat(d.lastStatus()).isEqualTo(204);
        });
        assertThat(registry.webhooks().list()).singleElement().satisfies(s -> {
            assertThat(s.url()).isEqualTo(receiver.url());
            assertThat(s.toString()).doesNotContain(SECRET);
        });
    }

    @Test
    void failedAttemptsAreRetriedWithBackoffThenMarkedFailedAndCanBeRedelivered() throws Exception {
        WebhookReceiver receiver = keep(new WebhookReceiver(SECRET));
        ModelRegistry registry = open("alice");
        WebhookSubscription sub = registry.webhooks().add(new WebhookRequest(receiver.url(), Set.of(), null, SECRET));
        keep(registry.webhooks().startDelivery(FAST));
        receiver.failFirst(2);
        register(registry, "m", "1.0.0");
        await("delivery after two failures", () -> receiver.received.size() == 1);
        assertThat(receiver.failed.get()).isEqualTo(2);
        await("its record", () -> registry.webhooks().deliveries(sub.id(), 5).stream()
                .anyMatch(d -> d.status() == WebhookDelivery.Status.DELIVERED));
        assertThat(registry.webhooks().deliveries(sub.id(), 5).get(0).attempts()).isEqualTo(3);

        receiver.answer = () -> 503;
        register(registry, "m", "1.1.0");
        register(registry, "m", "1.2.0"); // waits behind 1.1.0: log order per model
        await("failure after 4 attempts", () -> registry.webhooks().deliveries(sub.id(), 5).stream()
                .anyMatch(d -> d.status() == WebhookDelivery.Status.FAILED));
        WebhookDelivery failed = registry.webhooks().deliveries(sub.id(), 5).stream()
                .filter(d -> d.status() == WebhookDelivery.Status.FAILED).findFirst().orElseThrow();
        assertThat(failed.version()).isEqualTo("1.1.0");
        assertThat(failed.attempts()).isEqualTo(4);
        assertThat(failed.lastStatus()).isEqualTo(503);
        assertThat(failed.lastError()).contains("503");

        receiver.answer = () -> 200; // 1.2.0 waited behind 1.1.0 until that one was settled (failed)
        await("1.2.0", () -> receiver.received.stream().anyMatch(r -> r.body().path("version").asText().equals("1.2.0")));
        WebhookDelivery again = registry.webhooks().redeliver(failed.id());
        assertThat(again.status()).isEqualTo(WebhookDelivery.Status.DELIVERED);
        assertThat(again.attempts()).isEqualTo(5);
        assertThat(again.id()).isEqualTo(failed.id());
        assertThat(receiver.received).extracting(r -> r.body().path("version").asText())
                .containsExactly("1.0.0", "1.2.0", "1.1.0");
        assertThatThrownBy(() -> registry.webhooks().redeliver("nonsense")).isInstanceOf(ValidationException.class);
    }

    @Test
    void aRestartResumesFromTheStoredProgressWithoutLosingOrRepeatingEvents() throws Exception {
        WebhookReceiver receiver = keep(new WebhookReceiver(SECRET));
        ModelRegistry first = open("alice");
        first.webhooks().add(new WebhookRequest(receiver.url(), Set.of(), null, SECRET));
        AutoCloseable delivering = first.webhooks().startDelivery(FAST);
        register(first, "m", "1.0.0");
        await("the first event", () -> receiver.received.size() == 1);
        delivering.close(); // the process stops delivering
        for (int i = 1; i <= 5; i++) {
            register(first, "m", "1." + i + ".0"); // committed while nobody delivers
        }
        Thread.sleep(200);
        assertThat(receiver.received).hasSize(1);
        ModelRegistry second = open("server-2"); // another process on the same store
        keep(second.webhooks().startDelivery(FAST));
        await("every event", () -> receiver.received.size() == 6);
        Thread.sleep(300);
        assertThat(receiver.received).extracting(r -> r.body().path("version").asText())
                .containsExactly("1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0", "1.5.0");
    }

    @Test
    void aProcessStoppedMidDeliveryLeavesItToTheNextWithTheSameDeliveryId() throws Exception {
        WebhookReceiver receiver = keep(new WebhookReceiver(SECRET));
        ModelRegistry first = open("alice");
        first.webhooks().add(new WebhookRequest(receiver.url(), Set.of(), null, SECRET));
        DeliverySettings slowReceiverTimesOut = new DeliverySettings(Duration.ofMillis(50), 4, Duration.ofMillis(50),
                Duration.ofMillis(200), Duration.ofMillis(500));
        AutoCloseable delivering = first.webhooks().startDelivery(slowReceiverTimesOut);
        receiver.delayMillis = 1500; // accepted after the sender gave up: at least once, not exactly once
        register(first, "m", "1.0.0");
        Thread.sleep(150);
        delivering.close();
        receiver.delayMillis = 0;
        keep(open("server-2").webhooks().startDelivery(FAST));
        await("the delivery by the next process", () -> receiver.received.size() >= 2);
        assertThat(new HashSet<>(receiver.received.stream().map(WebhookReceiver.Received::id).toList())).hasSize(1);
    }

    @Test
    void twoProcessesOnOneStoreDeliverEachEventOnce() throws Exception {
        WebhookReceiver receiver = keep(new WebhookReceiver(SECRET));
        ModelRegistry a = open("a");
        ModelRegistry b = open("b");
        a.webhooks().add(new WebhookRequest(receiver.url(), Set.of(), null, SECRET));
        keep(a.webhooks().startDelivery(FAST));
        keep(b.webhooks().startDelivery(FAST));
        for (int i = 0; i < 8; i++) {
            register(i % 2 == 0 ? a : b, "m" + (i % 3), "1." + i + ".0");
        }
        await("8 deliveries", () -> receiver.received.size() >= 8);
        Thread.sleep(500);
        assertThat(receiver.received).hasSize(8);
        assertThat(new HashSet<>(receiver.received.stream().map(WebhookReceiver.Received::id).toList())).hasSize(8);
    }

    @Test
    void onlyManagersSeeOrChangeSubscriptionsAndBadRequestsAreRefused() throws Exception {
        ModelRegistry admin = open("admin");
        admin.access().install(AccessPolicy.builder().grant("admin", "model_admin").grant("viewer", "viewer").build());
        WebhookSubscription sub = admin.webhooks().add(new WebhookRequest("http://127.0.0.1:9/hook", Set.of(), null,
                SECRET));
        ModelRegistry viewer = admin.as("viewer");
        assertThatThrownBy(() -> viewer.webhooks().list()).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("registry:webhooks");
        assertThatThrownBy(() -> viewer.webhooks().remove(sub.id())).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> new WebhookRequest("ftp://x/y", Set.of(), null, SECRET))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> new WebhookRequest("http://x/y", Set.of(), null, "short"))
                .isInstanceOf(ValidationException.class);
        admin.webhooks().remove(sub.id());
        assertThat(admin.webhooks().list()).isEmpty();
    }

    @Test
    void twoServersOnOneStoreDeliverOnceAndTheRestApiManagesSubscriptions() throws Exception {
        WebhookReceiver receiver = keep(new WebhookReceiver(SECRET));
        TestServers servers = new TestServers();
        keep(servers::closeAll);
        TestServers.Running one = servers.start(temp); // both on temp/server-store, each delivering
        TestServers.Running two = servers.start(temp);
        var http = HttpClient.newHttpClient();
        BiFunction<String, String, HttpRequest.Builder> call = (path, token) ->
                HttpRequest.newBuilder(URI.create(one.server().uri() + path))
                        .header("Authorization", "Bearer " + token);
        var created = http.send(call.apply("/api/v1/webhooks", TestServers.ADMIN_TOKEN)
                .header("Content-Type", "application/json").POST(BodyPublishers.ofString(
                        "{\"url\": \"" + receiver.url() + "\", \"events\": [\"REGISTERED\"], \"secret\": \"" + SECRET
                                + "\"}")).build(), BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(SECRET);
        String id = new ObjectMapper().readTree(created.body()).path("id").asText();
        for (int i = 0; i < 6; i++) {
            register(i % 2 == 0 ? one.registry() : two.registry(), "m", "1." + i + ".0");
        }
        await("6 deliveries", () -> receiver.received.size() >= 6);
        Thread.sleep(600);
        assertThat(receiver.received).hasSize(6);
        assertThat(new HashSet<>(receiver.received.stream().map(WebhookReceiver.Received::id).toList())).hasSize(6);

        var list = http.send(call.apply("/api/v1/webhooks", TestServers.ADMIN_TOKEN).build(),
                BodyHandlers.ofString());
        assertThat(list.body()).contains(id).contains(receiver.url()).doesNotContain(SECRET);
        var deliveries = http.send(call.apply("/api/v1/webhooks/" + id + "/deliveries?limit=3", TestServers.ADMIN_TOKEN)
                .build(), BodyHandlers.ofString());
        var json = new ObjectMapper().readTree(deliveries.body());
        assertThat(json).hasSize(3);
        assertThat(json.get(0).path("status").asText()).isEqualTo("DELIVERED");
        var redelivered = http.send(call.apply("/api/v1/webhook-deliveries/" + json.get(0).path("id").asText()
                + "/redeliver", TestServers.ADMIN_TOKEN).POST(BodyPublishers.noBody()).build(),
                BodyHandlers.ofString());
        assertThat(redelivered.statusCode()).as(redelivered.body()).isEqualTo(200);
        assertThat(receiver.received).hasSize(7);
        var bad = http.send(call.apply("/api/v1/webhooks", TestServers.ADMIN_TOKEN).header("Content-Type",
                "application/json").POST(BodyPublishers.ofString(
                "{\"url\": \"file:/etc/passwd\", \"secret\": \"" + SECRET + "\"}")).build(),
                BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        try (ModelRegistry remote = TestServers.client(two.server().uri(), TestServers.ADMIN_TOKEN, temp.resolve("rc"))) {
            assertThat(remote.webhooks().list()).extracting(WebhookSubscription::id).containsExactly(id);
            List<WebhookDelivery> viaClient = remote.webhooks().deliveries(id, 10);
            assertThat(viaClient).hasSize(6).allSatisfy(d -> assertThat(d.model()).isEqualTo("m"));
            assertThat(remote.webhooks().redeliver(viaClient.get(0).id()).status())
                    .isEqualTo(WebhookDelivery.Status.DELIVERED);
            WebhookSubscription other = remote.webhooks().add(new WebhookRequest("http://127.0.0.1:9/x", Set.of(), "m",
                    SECRET));
            remote.webhooks().remove(other.id());
            assertThatThrownBy(() -> remote.webhooks().startDelivery(FAST))
                    .isInstanceOf(OperationNotAllowedException.class);
        }
        try (ModelRegistry viewer = TestServers.client(one.server().uri(), TestServers.VIEWER_TOKEN, temp.resolve("rv"))) {
            one.registry().access().install(AccessPolicy.builder().grant("admin", "model_admin")
                    .grant("viewer", "viewer").grant("server", "model_admin").build());
            assertThatThrownBy(() -> viewer.webhooks().list()).isInstanceOf(AccessDeniedException.class);
        }
        var removed = http.send(call.apply("/api/v1/webhooks/" + id, TestServers.ADMIN_TOKEN).DELETE().build(),
                BodyHandlers.ofString());
        assertThat(removed.statusCode()).isEqualTo(204);
        assertThat(one.registry().webhooks().list()).isEmpty();
    }
}
