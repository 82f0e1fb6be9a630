package io.jmreg.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.webhooks.DeliverySettings;
import io.jmreg.api.webhooks.WebhookRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's webhook receiver (Node.js) receives, verifies and prints a real delivery; a forged one is refused. */
class WebhookReadmeReceiverTest {
    @TempDir
    Path temp;

    @Test
    void theReadmesReceiverVerifiesRealDeliveriesAndRefusesForgedOnes() throws Exception {
        NodeClients.requireNode();
        String readme = Files.readString(Files.exists(Path.of("README.md")) ? Path.of("README.md")
                : Path.of("..", "README.md"));
        int section = readme.indexOf("## Webhooks");
        assertThat(section).isPositive();
        int start = readme.indexOf("```js\n", section) + 6;
        Path script = temp.resolve("receiver.mjs");
        Files.writeString(script, readme.substring(start, readme.indexOf("```", start)));
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String secret = "readme-receiver-secret";
        ProcessBuilder pb = new ProcessBuilder("node", script.toString()).redirectErrorStream(true);
        pb.environment().put("WEBHOOK_SECRET", secret);
        pb.environment().put("PORT", Integer.toString(port));
        Process node = pb.start();
        try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder("file:" + temp.resolve("store"))
                .cacheDirectory(temp.resolve("cache")).principal("alice").build())) {
            BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!listening(port)) {
                assertThat(node.isAlive()).as("node is running the README's receiver").isTrue();
                assertThat(System.nanoTime()).as("the receiver listens").isLessThan(deadline);
                Thread.sleep(50);
            }
            String url = "http://127.0.0.1:" + port + "/";
            HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .header("Jmreg-Webhook-Timestamp", Long.toString(System.currentTimeMillis() / 1000))
                    .header("Jmreg-Webhook-Signature", "sha256=" + "0".repeat(64))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"forged\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(forged.statusCode()).isEqualTo(401);

            registry.webhooks().add(new WebhookRequest(url, Set.of(), null, secret));
            try (AutoCloseable delivering = registry.webhooks().startDelivery(new DeliverySettings(Duration.ofMillis(50),
                    3, Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofSeconds(5)))) {
                Path dir = Files.createDirectories(temp.resolve("art"));
                Files.writeString(dir.resolve("w.bin"), "w");
                registry.registerModel(Registration.builder("fraud/detector").version("1.0.0").artifacts(dir).build());
                CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
                    try {
                        return out.readLine();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                String printed = line.get(20, TimeUnit.SECONDS);
                assertThat(printed).matches("wh[0-9a-f]{16}-1-\\S+ registered fraud/detector 1\\.0\\.0");
                String id = registry.webhooks().list().get(0).id();
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (registry.webhooks().deliveries(id, 1).get(0).lastStatus() != 204 && System.nanoTime() < until) {
                    Thread.sleep(20); // the receiver prints before it answers
                }
                assertThat(registry.webhooks().deliveries(id, 1).get(0).lastStatus()).isEqualTo(204);
            }
        } finally {
            node.destroy();
            node.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
