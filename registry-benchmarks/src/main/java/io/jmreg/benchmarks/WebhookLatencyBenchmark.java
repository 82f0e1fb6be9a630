package io.jmreg.benchmarks;

import static io.jmreg.benchmarks.BenchSupport.deleteTree;

import com.sun.net.httpserver.HttpServer;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.webhooks.DeliverySettings;
import io.jmreg.api.webhooks.WebhookRequest;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * Webhook delivery latency, from the commit time in the payload to its receipt by a local receiver, for changes
 * committed by the delivering process (woken by its own commit) and by another process on the same {@code file:}
 * store (found by the 250 ms poll), with default settings; the baseline is a plain POST of the same size to the
 * same receiver. Usage: {@code WebhookLatencyBenchmark [workDir] [events=200]}.
 */
public final class WebhookLatencyBenchmark {
    private WebhookLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "target/webhook-bench").toAbsolutePath();
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        deleteTree(work);
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        Pattern time = Pattern.compile("\"time\"\\s*:\\s*\"([^\"]+)\"");
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        var receiving = Executors.newFixedThreadPool(4);
        receiver.setExecutor(receiving);
        receiver.createContext("/hook", x -> {
            long now = System.currentTimeMillis();
            var m = time.matcher(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (m.find()) {
                latencies.add(now - Instant.parse(m.group(1)).toEpochMilli());
            }
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        receiver.start();
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        String store = "file:" + work.resolve("store");
        Path dir = Files.createDirectories(work.resolve("art"));
        Files.writeString(dir.resolve("w.bin"), "w");
        try (ModelRegistry delivering = ModelRegistry.open(RegistryOptions.builder(store).cacheDirectory(work.resolve("c1"))
                .build());
             ModelRegistry other = ModelRegistry.open(RegistryOptions.builder(store).cacheDirectory(work.resolve("c2"))
                     .build())) {
            delivering.webhooks().add(new WebhookRequest(url, Set.of(), null, "benchmark-secret-123"));
            delivering.registerModel(Registration.builder("same").version("0.0.1").artifacts(dir).build());
            other.registerModel(Registration.builder("other").version("0.0.1").artifacts(dir).build());
            AutoCloseable delivery = delivering.webhooks().startDelivery(DeliverySettings.defaults());
            try {
                System.out.printf("jmreg webhook latency: %d events per case, commit time to receipt%n%n", events);
                HttpClient http = HttpClient.newHttpClient();
                long[] plain = new long[events];
                for (int i = 0; i < events; i++) {
                    long t0 = System.nanoTime();
                    http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofByteArray(
                            "{}".getBytes())).build(), HttpResponse.BodyHandlers.discarding());
                    plain[i] = (System.nanoTime() - t0) / 1_000;
                }
                Arrays.sort(plain);
                System.out.printf("plain POST to the receiver: p50 %.2f ms, p99 %.2f ms%n", plain[events / 2] / 1000.0,
                        plain[events * 99 / 100] / 1000.0);
                run("committed by the delivering process", delivering, "same", events, latencies);
                run("committed by another process on the store", other, "other", events, latencies);
            } finally {
                delivery.close();
            }
        } finally {
            receiver.stop(0);
            receiving.shutdown(); // its threads would keep the JVM alive
        }
    }

    private static void run(String what, ModelRegistry r, String model, int events, ConcurrentLinkedQueue<Long> latencies)
            throws Exception {
        Thread.sleep(1000);
        latencies.clear();
        for (int i = 0; i < events; i++) {
            r.updateMetrics(model + ":0.0.1", Map.of("step", (double) i));
            Thread.sleep(20);
        }
        long deadline = System.currentTimeMillis() + 60_000;
        while (latencies.size() < events && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        long[] l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        if (l.length < events) {
            throw new IllegalStateException(what + ": only " + l.length + " of " + events + " events arrived");
        }
        System.out.printf("%s: p50 %d ms, p99 %d ms, max %d ms (target p99 < 1000 ms)%n", what, l[l.length / 2],
                l[l.length * 99 / 100], l[l.length - 1]);
    }
}
