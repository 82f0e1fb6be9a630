package io.jmreg.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver as a user would write one (the JDK's HTTP server): it checks the signature header against
 * HMAC-SHA256(secret, timestamp + "." + body) in constant time, refuses a bad one with 401 and records each accepted
 * delivery; {@code failFirst} answers 500 to that many valid deliveries first.
 */
final class WebhookReceiver implements AutoCloseable {
    /** One accepted delivery. */
    record Received(String id, JsonNode body, long receivedNanos, long receivedMillis) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger rejected = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    volatile IntSupplier answer = () -> 204;
    volatile long delayMillis;

    WebhookReceiver(String secret) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/hook", x -> {
            byte[] body = x.getRequestBody().readAllBytes();
            String timestamp = x.getRequestHeaders().getFirst("Jmreg-Webhook-Timestamp");
            String signature = x.getRequestHeaders().getFirst("Jmreg-Webhook-Signature");
            int status;
            if (timestamp == null || signature == null || !verify(secret, timestamp, body, signature)) {
                rejected.incrementAndGet();
                status = 401;
            } else {
                if (delayMillis > 0) {
                    try {
                        Thread.sleep(delayMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                status = answer.getAsInt();
                if (status / 100 == 2) {
                    received.add(new Received(x.getRequestHeaders().getFirst("Jmreg-Webhook-Id"),
                            new ObjectMapper().readTree(body), System.nanoTime(), System.currentTimeMillis()));
                } else {
                    failed.incrementAndGet();
                }
            }
            x.sendResponseHeaders(status, -1);
            x.close();
        });
        server.start();
    }

    /** Answers 500 to the first {@code n} valid deliveries, then 204. */
    void failFirst(int n) {
        AtomicInteger left = new AtomicInteger(n);
        answer = () -> left.getAndDecrement() > 0 ? 500 : 204;
    }

    static boolean verify(String secret, String timestamp, byte[] body, String header) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = ("sha256=" + HexFormat.of().formatHex(mac.doFinal(body))).getBytes(StandardCharsets.UTF_8);
            return MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            return false;
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
