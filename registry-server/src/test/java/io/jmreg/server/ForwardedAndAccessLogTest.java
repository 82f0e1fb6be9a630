package io.jmreg.server;

import io.jmreg.api.Registration;
import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.exceptions.ValidationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The access log (one line per request on {@code io.jmreg.server.access}) and trusted proxies: forwarded client
 * addresses are believed from configured proxies only, and become the audit's {@code source} and the log's client.
 */
class ForwardedAndAccessLogTest {
    @TempDir
    Path temp;
    private final TestServers servers = new TestServers();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private PrintStream realErr;
    private Field level;
    private Object accessLogger;
    private int savedLevel;

    @BeforeEach
    void captureAccessLog() throws Exception {
        // slf4j-simple is the test binding (WARN by default): raise the access logger to INFO for this test only
        accessLogger = LoggerFactory.getLogger("io.jmreg.server.access");
        level = accessLogger.getClass().getDeclaredField("currentLogLevel");
        level.setAccessible(true);
        savedLevel = level.getInt(accessLogger);
        level.setInt(accessLogger, 20);
        realErr = System.err;
        System.setErr(new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (log) {
                    log.write(b);
                }
                realErr.write(b);
            }
        }, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() throws Exception {
        servers.closeAll();
        System.setErr(realErr);
        level.setInt(accessLogger, savedLevel);
    }

    /** The access lines once {@code expected} have been written (Jetty logs a request just after its response). */
    private List<String> accessLines(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (accessLines().size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(100); // and no more than that
        return accessLines();
    }

    private List<String> accessLines() {
        synchronized (log) {
            return log.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("io.jmreg.server.access"))
                    .toList();
        }
    }

    private TestServers.Running server(List<String> trusted) throws Exception {
        TestServers.Running running = servers.start(temp, b -> b.trustedProxies(trusted));
        Path dir = Files.createDirectories(temp.resolve("art"));
        Files.writeString(dir.resolve("w.bin"), "weights");
        running.registry().registerModel(Registration.builder("m").version("1.0.0").artifacts(dir).build());
        return running;
    }

    private int setAlias(TestServers.Running running, String alias, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(running.server().uri() + "/api/v1/models/m/aliases/"
                        + alias)).PUT(HttpRequest.BodyPublishers.ofString("{\"version\": \"1.0.0\"}"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + TestServers.ALICE_TOKEN);
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private int get(TestServers.Running running, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(running.server().uri() + path))
                .header("Authorization", "Bearer " + TestServers.ALICE_TOKEN).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String lastSource(TestServers.Running running) {
        List<AuditEntry> entries = running.registry().audit().query(new AuditQuery("alice", "set_alias", null, null,
                null, 0));
        return entries.get(entries.size() - 1).details().get("source");
    }

    @Test
    void oneAccessLinePerRequestWithClientPrincipalPathAndStatusButNoQuery() throws Exception {
        TestServers.Running running = server(List.of());
        assertThat(setAlias(running, "staging")).isEqualTo(200);
        assertThat(get(running, "/api/v1/models/nope")).isEqualTo(404);
        assertThat(get(running, "/api/v1/models?access_token=s3cret")).isEqualTo(400);
        List<String> lines = accessLines(3);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches(".* 127\\.0\\.0\\.1 alice PUT /api/v1/models/m/aliases/staging 200 \\d+ \\d+ms$");
        assertThat(lines.get(1)).matches(".* 127\\.0\\.0\\.1 alice GET /api/v1/models/nope 404 \\d+ \\d+ms$");
        assertThat(lines.get(2)).as("a refused query: logged without it")
                .matches(".* 127\\.0\\.0\\.1 - GET /api/v1/models 400 \\d+ \\d+ms$");
        assertThat(String.join("\n", lines)).doesNotContain("s3cret").doesNotContain(TestServers.ALICE_TOKEN);
    }

    @Test
    void aWebUiSessionsRequestsAreLoggedWithItsPrincipal() throws Exception {
        TestServers.Running running = server(List.of());
        WebSession alice = new WebSession(running.server().uri());
        alice.signIn(TestServers.ALICE_TOKEN);
        assertThat(alice.page("/models/m").select("h1").text()).contains("m");
        List<String> pages = List.of();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (pages.isEmpty() && System.nanoTime() < deadline) {
            pages = accessLines().stream().filter(l -> l.contains(" GET /models/m ")).toList();
            Thread.sleep(pages.isEmpty() ? 20 : 0);
        }
        assertThat(pages).singleElement().satisfies(l -> assertThat(l)
                .matches(".* 127\\.0\\.0\\.1 alice GET /models/m 200 \\d+ \\d+ms$"));
    }

    @Test
    void forwardedHeadersFromATrustedProxyNameTheClient() throws Exception {
        TestServers.Running running = server(List.of("10.9.0.0/16", "127.0.0.1"));
        assertThat(setAlias(running, "a", "Forwarded", "for=203.0.113.7;proto=https, for=10.9.1.2")).isEqualTo(200);
        assertThat(lastSource(running)).isEqualTo("203.0.113.7");
        assertThat(setAlias(running, "b", "X-Forwarded-For", "198.51.100.4, 10.9.3.3")).isEqualTo(200);
        assertThat(lastSource(running)).isEqualTo("198.51.100.4");
        assertThat(setAlias(running, "c", "Forwarded", "for=\"[2001:db8:cafe::17]:4711\"")).isEqualTo(200);
        assertThat(lastSource(running)).as("as Jetty names IPv6 peers").isEqualTo("[2001:db8:cafe:0:0:0:0:17]");
        assertThat(setAlias(running, "d", "Forwarded", "for=unknown")).isEqualTo(200);
        assertThat(lastSource(running)).as("not an address: the peer stays the client").isEqualTo("127.0.0.1");
        assertThat(accessLines(4)).hasSize(4).anySatisfy(l -> assertThat(l).contains(" 203.0.113.7 alice PUT "))
                .anySatisfy(l -> assertThat(l).contains(" 198.51.100.4 alice PUT "));
    }

    @Test
    void forwardedHeadersFromAnUntrustedPeerAreIgnored() throws Exception {
        TestServers.Running running = server(List.of("10.0.0.0/8"));
        assertThat(setAlias(running, "a", "Forwarded", "for=203.0.113.7", "X-Forwarded-For", "198.51.100.4"))
                .isEqualTo(200);
        assertThat(lastSource(running)).isEqualTo("127.0.0.1");
        assertThat(accessLines(1)).singleElement().satisfies(l -> assertThat(l).contains(" 127.0.0.1 alice PUT ")
                .doesNotContain("203.0.113.7"));
    }

    @Test
    void httpsForwardedByATrustedProxyMakesCookiesSecure() throws Exception {
        TestServers.Running trusting = server(List.of("127.0.0.1"));
        assertThat(signInCookie(trusting, "X-Forwarded-Proto", "https")).contains("; Secure");
        assertThat(signInCookie(trusting, "Forwarded", "for=203.0.113.7;proto=https")).contains("; Secure");
        assertThat(signInCookie(trusting, "X-Forwarded-Proto", "http")).doesNotContain("Secure");
        servers.closeAll();
        TestServers.Running untrusting = servers.start(temp.resolve("other"), b -> b);
        assertThat(signInCookie(untrusting, "X-Forwarded-Proto", "https")).as("an untrusted peer").doesNotContain("Secure");
    }

    private String signInCookie(TestServers.Running running, String header, String value) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(running.server().uri() + "/signin")).header(header, value)
                .build(), HttpResponse.BodyHandlers.discarding()).headers().firstValue("Set-Cookie").orElseThrow();
    }

    @Test
    void aMalformedTrustedProxyIsRefused() {
        assertThatThrownBy(() -> servers.start(temp, b -> b.trustedProxies(List.of("proxy.example"))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("proxy.example");
        assertThatThrownBy(() -> servers.start(temp, b -> b.trustedProxies(List.of("10.0.0.0/33"))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("0..32");
    }
}
