package io.jmreg.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A round-robin HTTP load balancer for the tests (the JDK's HTTP server in front, its HTTP client behind): each
 * request goes to the next backend in turn, headers and bodies passed both ways, redirects and cookies untouched,
 * so a browser session or a client sees one address and cannot choose the server.
 */
final class RoundRobinProxy implements AutoCloseable {
    private static final Set<String> HOP = Set.of("connection", "content-length", "host", "expect", "upgrade",
            "keep-alive", "transfer-encoding", "te", "trailer", "proxy-connection", "date");
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final List<String> backends;
    private final AtomicInteger next = new AtomicInteger();
    /** Requests each backend received. */
    final AtomicIntegerArray served;

    RoundRobinProxy(List<String> backends) throws IOException {
        this.backends = List.copyOf(backends);
        this.served = new AtomicIntegerArray(backends.size());
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::forward);
        server.start();
    }

    String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void forward(HttpExchange x) throws IOException {
        int i = Math.floorMod(next.getAndIncrement(), backends.size());
        served.incrementAndGet(i);
        try (x) {
            byte[] body = x.getRequestBody().readAllBytes();
            HttpRequest.Builder out = HttpRequest.newBuilder(URI.create(backends.get(i) + x.getRequestURI().toString()))
                    .method(x.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            x.getRequestHeaders().forEach((name, values) -> {
                if (!HOP.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> out.header(name, v));
                }
            });
            HttpResponse<InputStream> r = client.send(out.build(), HttpResponse.BodyHandlers.ofInputStream());
            r.headers().map().forEach((name, values) -> {
                if (!HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    x.getResponseHeaders().put(name, values);
                }
            });
            try (InputStream in = r.body()) {
                byte[] answer = in.readAllBytes();
                boolean empty = answer.length == 0 || x.getRequestMethod().equals("HEAD");
                x.sendResponseHeaders(r.statusCode(), empty ? -1 : answer.length);
                if (!empty) {
                    try (OutputStream o = x.getResponseBody()) {
                        o.write(answer);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
