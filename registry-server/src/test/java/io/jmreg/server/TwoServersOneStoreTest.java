package io.jmreg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.model.ModelVersion;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server processes' worth of state (two registries opened on one {@code file:} store, two servers) behind one
 * round-robin address: a web session and a page token made by one server are accepted by the other, concurrent
 * changes through both lose nothing, and each webhook event is delivered once although both servers deliver. The
 * registries read with staleness zero, so that the page after an action (served by the other server) shows it.
 */
class TwoServersOneStoreTest {
    private static final String SECRET = "whsec_two-servers";
    private final List<AutoCloseable> open = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private <T extends AutoCloseable> T keep(T c) {
        open.add(c);
        return c;
    }

    private RegistryServer server(Path temp, String name, byte[] sharedSecret) {
        ModelRegistry registry = keep(ModelRegistry.open(RegistryOptions.builder("file:" + temp.resolve("store"))
                .principal("server").cacheDirectory(temp.resolve(name + "-cache")).staleness(Duration.ZERO).build()));
        Tokens tokens = Tokens.of(Map.of(TestServers.ALICE_TOKEN, "alice")).with(TestServers.ADMIN_TOKEN, "admin", true);
        ServerOptions.Builder options = ServerOptions.builder(registry, tokens).port(0)
                .uploadDirectory(temp.resolve(name + "-uploads")).stopTimeout(Duration.ofSeconds(2));
        if (sharedSecret != null) {
            options.sharedSecret(sharedSecret);
        }
        return keep(RegistryServer.start(options.build()));
    }

    private RoundRobinProxy balance(Path temp, byte[] sharedSecret) throws Exception {
        RegistryServer a = server(temp, "a", sharedSecret);
        RegistryServer b = server(temp, "b", sharedSecret);
        return keep(new RoundRobinProxy(List.of(a.uri(), b.uri())));
    }

    private static byte[] secret() {
        return "0123456789abcdef0123456789abcdef-shared".getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> send(String method, String url, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer "
                + TestServers.ADMIN_TOKEN);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void register(String base, String name, String version) throws Exception {
        HttpResponse<String> r = send("POST", base + "/api/v1/models/" + name + "/versions",
                "{\"registration\": {\"name\": \"" + name + "\", \"version\": \"" + version + "\"}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    @Test
    void webSessionsAndPageTokensFromOneServerAreValidOnTheOther(@TempDir Path temp) throws Exception {
        RoundRobinProxy proxy = balance(temp, secret());
        for (String name : List.of("alpha", "beta", "gamma", "delta", "epsilon")) {
            register(proxy.uri(), name, "1.0.0");
        }

        WebSession browser = new WebSession(proxy.uri());
        assertThat(browser.signIn(TestServers.ADMIN_TOKEN).statusCode()).isEqualTo(303);
        for (int i = 0; i < 4; i++) { // alternately on each server
            assertThat(browser.page("/models").select("body").text()).contains("alpha", "epsilon");
        }
        // a form whose CSRF token one server made, posted to the other
        Document version = browser.page("/models/alpha/versions/1.0.0");
        Document after = browser.submit(version, "#promote-form", Map.of("stage", "testing"));
        assertThat(after.select("#stage").text()).isEqualTo("testing");

        List<String> names = new ArrayList<>();
        String url = proxy.uri() + "/api/v1/models?limit=2";
        while (url != null) { // each page from the next server
            JsonNode page = json.readTree(send("GET", url, null).body());
            page.get("models").forEach(m -> names.add(m.isTextual() ? m.asText() : m.get("name").asText()));
            JsonNode token = page.get("next_page_token");
            url = token == null || token.isNull() ? null : proxy.uri() + "/api/v1/models?limit=2&page_token="
                    + URLEncoder.encode(token.asText(), StandardCharsets.UTF_8);
        }
        assertThat(names).containsExactly("alpha", "beta", "delta", "epsilon", "gamma");
        assertThat(proxy.served.get(0)).isGreaterThan(5);
        assertThat(proxy.served.get(1)).isGreaterThan(5);
    }

    @Test
    void aSessionCookieWhosePrincipalOrSignatureWasChangedIsRefused(@TempDir Path temp) throws Exception {
        RoundRobinProxy proxy = balance(temp, secret());
        WebSession browser = new WebSession(proxy.uri());
        HttpResponse<String> signedIn = browser.signIn(TestServers.ALICE_TOKEN);
        String cookie = signedIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("jmreg_session="))
                .map(c -> c.substring("jmreg_session=".length(), c.indexOf(';'))).findFirst().orElseThrow();
        String[] parts = cookie.split("\\.");
        assertThat(parts).hasSize(5);
        String asAdmin = String.join(".", parts[0], Base64.getUrlEncoder().withoutPadding()
                .encodeToString("admin".getBytes(StandardCharsets.UTF_8)), parts[2], parts[3], parts[4]);
        String longer = String.join(".", parts[0], parts[1], Long.toString(Long.parseLong(parts[2]) + 86_400), parts[3],
                parts[4]);
        for (String forged : List.of(cookie, asAdmin, longer)) {
            for (int i = 0; i < 2; i++) { // on both servers
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(proxy.uri() + "/models"))
                        .header("Cookie", "jmreg_session=" + forged).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(forged).isEqualTo(forged.equals(cookie) ? 200 : 303);
            }
        }
    }

    @Test
    void withoutASharedSecretTheOtherServerRefusesTheSession(@TempDir Path temp) throws Exception {
        RoundRobinProxy proxy = balance(temp, null);
        WebSession browser = new WebSession(proxy.uri());
        browser.signIn(TestServers.ADMIN_TOKEN);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(browser.get("/models").statusCode());
        }
        assertThat(statuses).contains(200, 303); // one server knows the session, the other sends to sign-in
    }

    @Test
    void concurrentChangesThroughBothServersLoseNothing(@TempDir Path temp) throws Exception {
        RoundRobinProxy proxy = balance(temp, secret());
        register(proxy.uri(), "shared", "1.0.0");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 5; i++) {
                        HttpResponse<String> r = send("POST", proxy.uri() + "/api/v1/models/shared/versions/1.0.0/tags",
                                "{\"add\": [\"t" + thread + "-" + i + "\"]}");
                        if (r.statusCode() != 200) {
                            throw new AssertionError(r.statusCode() + " " + r.body());
                        }
                    }
                    return 5;
                }));
            }
            for (Future<Integer> f : results) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        try (ModelRegistry fresh = ModelRegistry.open(RegistryOptions.builder("file:" + temp.resolve("store"))
                .cacheDirectory(temp.resolve("fresh-cache")).build())) {
            ModelVersion v = fresh.resolve("shared:1.0.0");
            Set<String> expected = new HashSet<>();
            for (int t = 0; t < 4; t++) {
                for (int i = 0; i < 5; i++) {
                    expected.add("t" + t + "-" + i);
                }
            }
            assertThat(v.tags()).containsAll(expected);
        }
    }

    @Test
    void eachWebhookEventIsDeliveredOnceThoughBothServersDeliver(@TempDir Path temp) throws Exception {
        RoundRobinProxy proxy = balance(temp, secret());
        WebhookReceiver receiver = keep(new WebhookReceiver(SECRET));
        HttpResponse<String> sub = send("POST", proxy.uri() + "/api/v1/webhooks", "{\"url\": \"" + receiver.url()
                + "\", \"events\": [\"REGISTERED\"], \"secret\": \"" + SECRET + "\"}");
        assertThat(sub.statusCode()).as(sub.body()).isEqualTo(201);
        for (int i = 0; i < 6; i++) {
            register(proxy.uri(), "hooked", "1.0." + i);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (receiver.received.size() < 6 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(2000); // both servers poll every 250 ms: a second delivery would arrive by now
        List<String> versions = receiver.received.stream().map(r -> r.body().path("version").asText()).toList();
        assertThat(versions).containsExactly("1.0.0", "1.0.1", "1.0.2", "1.0.3", "1.0.4", "1.0.5");
        assertThat(receiver.received.stream().map(WebhookReceiver.Received::id).distinct()).hasSize(6);
    }
}
