package io.jmreg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.UnauthenticatedException;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.ModelVersion;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API's protocol: authentication, errors, conditional and ranged downloads, limits, hostile input. */
class ServerApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path temp;
    private final TestServers servers = new TestServers();
    private TestServers.Running running;
    private final HttpClient http = HttpClient.newHttpClient();
    private byte[] weights;
    private ArtifactFile file;

    @BeforeEach
    void start() throws Exception {
        running = servers.start(temp, b -> b.maxJsonBytes(64 * 1024).maxUploadBytes(4L << 20)
                .idleTimeout(Duration.ofMillis(800)));
        weights = new byte[300_000];
        new Random(3).nextBytes(weights);
        Path dir = Files.createDirectories(temp.resolve("art"));
        Files.write(dir.resolve("weights.bin"), weights);
        ModelVersion v = running.registry().registerModel(Registration.builder("m").version("1.0.0").artifacts(dir)
                .description("<script>alert(1)</script>").build());
        running.registry().setAlias("m", "production", "1.0.0");
        file = v.artifacts().file("weights.bin").orElseThrow();
    }

    @AfterEach
    void stop() throws Exception {
        servers.closeAll();
    }

    private HttpResponse<byte[]> call(String method, String path, String token, String contentType, byte[] body,
                                      String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(running.server().uri() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return call("GET", path, TestServers.ADMIN_TOKEN, null, null, headers);
    }

    private static JsonNode json(HttpResponse<byte[]> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static void assertError(HttpResponse<byte[]> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = json(r);
        assertThat(body.path("code").asText()).isEqualTo(code);
        assertThat(body.path("message").asText()).isNotBlank().doesNotContain("\tat ").doesNotContain("Exception:");
    }

    @Test
    void everyRequestNeedsAValidTokenButTheOpenApiDocument() throws Exception {
        HttpResponse<byte[]> none = call("GET", "/api/v1/models", null, null, null);
        assertError(none, 401, "unauthenticated");
        assertThat(json(none).path("kind").asText()).as("not a denial: nobody was authenticated to deny")
                .isEqualTo("unauthenticated");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        HttpResponse<byte[]> wrong = call("GET", "/api/v1/models", "jmr_wrong", null, null);
        assertError(wrong, 401, "unauthenticated");
        assertThat(json(wrong).path("kind").asText()).isEqualTo("unauthenticated");
        assertError(call("GET", "/api/v1/models", null, null, null, "Authorization", "Basic YWRtaW46YWRtaW4="), 401,
                "unauthenticated");
        HttpResponse<byte[]> denied = call("GET", "/api/v1/whoami", TestServers.ALICE_TOKEN, null, null,
                "Jmreg-Act-As", "admin");
        assertThat(json(denied).path("kind").asText()).as("an authenticated caller refused is denied").isEqualTo("denied");
        assertThat(call("GET", "/api/openapi.yaml", null, null, null).statusCode()).isEqualTo(200);
        assertThat(json(call("GET", "/api/v1/whoami", TestServers.ALICE_TOKEN, null, null)).path("principal").asText())
                .isEqualTo("alice");
        assertError(call("GET", "/api/v1/whoami", TestServers.ALICE_TOKEN, null, null, "Jmreg-Act-As", "admin"), 403,
                "forbidden");
        assertThatThrownBy(() -> TestServers.client(running.server().uri(), "jmr_wrong", temp.resolve("c")).listModels())
                .isExactlyInstanceOf(UnauthenticatedException.class).hasMessageContaining("the bearer token is not valid");
    }

    @Test
    void unknownRoutesMethodsAndEntitiesAreJsonErrors() throws Exception {
        assertError(get("/api/v1/nothing"), 404, "not_found");
        assertError(get("/api/elsewhere"), 404, "not_found"); // outside /api/ is the web UI
        HttpResponse<byte[]> wrongMethod = call("PATCH", "/api/v1/models", TestServers.ADMIN_TOKEN, null, null);
        assertError(wrongMethod, 405, "method_not_allowed");
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("GET");
        assertError(get("/api/v1/models/nope"), 404, "model_not_found");
        assertError(get("/api/v1/models/m/versions/9.9.9"), 404, "version_not_found");
        assertError(get("/api/v1/resolve?reference=m%40nowhere"), 404, "version_not_found");
        assertError(get("/api/v1/resolve?reference=BAD%20NAME!"), 400, "invalid_reference");
        HttpResponse<byte[]> query = get("/api/v1/search/versions?q=" + URLEncoder.encode("metrics.accuracy:>high",
                StandardCharsets.UTF_8));
        assertError(query, 400, "query");
        assertThat(json(query).path("details").path("position").asInt()).isEqualTo(18);
        HttpResponse<byte[]> deep = get("/api/v1/search/versions?q=" + "(".repeat(2_000) + "a" + ")".repeat(2_000));
        assertError(deep, 400, "query"); // was a StackOverflowError and a 500
        assertThat(json(deep).path("message").asText()).contains("deeper than 64");
        assertError(get("/api/v1/resolve?reference=m:2147483648.0.0"), 400, "invalid_reference"); // was a 500
    }

    @Test
    void badBodiesAreRefusedWithTheRightStatusAndNothingChanges() throws Exception {
        String alias = "/api/v1/models/m/aliases/staging";
        assertError(call("PUT", alias, TestServers.ADMIN_TOKEN, "application/json", "{\"version\": ".getBytes()), 400,
                "bad_request");
        assertError(call("PUT", alias, TestServers.ADMIN_TOKEN, "application/json",
                "{\"version\": \"1.0.0\", \"sneaky\": true}".getBytes()), 400, "bad_request");
        HttpResponse<byte[]> duplicate = call("PUT", alias, TestServers.ADMIN_TOKEN, "application/json",
                "{\"version\": \"1.0.0\", \"version\": \"9.9.9\"}".getBytes());
        assertError(duplicate, 400, "bad_request");
        assertThat(json(duplicate).path("message").asText()).contains("$.version").contains("Duplicate");
        HttpResponse<byte[]> trailing = call("PUT", alias, TestServers.ADMIN_TOKEN, "application/json",
                "{\"version\": \"1.0.0\"} {\"version\": \"9.9.9\"}".getBytes());
        assertError(trailing, 400, "bad_request");
        assertThat(json(trailing).path("message").asText()).contains("Trailing token");
        assertError(call("PUT", alias, TestServers.ADMIN_TOKEN, "application/json",
                ("{\"version\": " + "[".repeat(1000) + "]".repeat(1000) + "}").getBytes()), 400, "bad_request");
        HttpResponse<byte[]> lockOut = call("PUT", "/api/v1/policy", TestServers.ADMIN_TOKEN, "application/json",
                "{\"grants\": [{\"subject\": \"admin\", \"roles\": [\"model_admin\"]}], \"grants\": []}".getBytes());
        assertError(lockOut, 400, "validation"); // the policy reader's refusal, as policy install and /policy/parse give
        assertThat(json(lockOut).path("message").asText()).contains("grants");
        assertError(call("PUT", alias, TestServers.ADMIN_TOKEN, "text/plain", "1.0.0".getBytes()), 415,
                "unsupported_media_type");
        byte[] huge = ("{\"version\": \"" + "x".repeat(100_000) + "\"}").getBytes();
        assertError(call("PUT", alias, TestServers.ADMIN_TOKEN, "application/json", huge), 413, "payload_too_large");
        assertError(call("PUT", alias, TestServers.ADMIN_TOKEN, "application/json", "null".getBytes()), 400, "bad_request");
        assertError(call("POST", "/api/v1/models/m/versions/1.0.0/metrics", TestServers.ADMIN_TOKEN, "application/json",
                "{\"metrics\": {\"acc\": \"high\"}}".getBytes()), 400, "bad_request");
        assertError(call("POST", "/api/v1/models/m/versions", TestServers.ADMIN_TOKEN, "application/json",
                "{\"registration\": {\"name\": \"m\", \"version\": \"2.0.0\", \"artifacts\": \"/etc\"}}".getBytes()), 400,
                "bad_request");
        assertError(call("POST", "/api/v1/models/other/versions", TestServers.ADMIN_TOKEN, "application/json",
                "{\"registration\": {\"name\": \"m\", \"version\": \"2.0.0\"}}".getBytes()), 400, "bad_request");
        assertError(call("POST", "/api/v1/models/..%2Fx/versions", TestServers.ADMIN_TOKEN, "application/json",
                "{\"registration\": {\"name\": \"../x\", \"version\": \"2.0.0\"}}".getBytes()), 400, "invalid_reference");
        assertThat(running.registry().aliases("m")).doesNotContainKey("staging");
        assertThat(running.registry().listVersions("m")).hasSize(1);
        assertThat(running.registry().listModels()).containsExactly("m");
    }

    @Test
    void namespacedNamesTravelAsTwoPathSegmentsOrEncoded() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("ns"));
        Files.writeString(dir.resolve("config.json"), "{}");
        running.registry().registerModel(Registration.builder("fraud/detector").version("1.0.0").artifacts(dir).build());
        running.registry().registerModel(Registration.builder("fraud/versions").version("2.0.0").build());
        assertThat(json(get("/api/v1/models/fraud/detector")).path("name").asText()).isEqualTo("fraud/detector");
        assertThat(json(get("/api/v1/models/fraud%2Fdetector")).path("name").asText()).isEqualTo("fraud/detector");
        assertThat(json(get("/api/v1/models/fraud/detector/versions/1.0.0")).path("version").asText()).isEqualTo("1.0.0");
        assertThat(json(get("/api/v1/models/fraud/detector/versions")).path("versions")).hasSize(1);
        assertThat(get("/api/v1/models/fraud/detector/versions/1.0.0/artifacts/config.json").body()).isEqualTo("{}".getBytes());
        // one meaning per path: /models/fraud/versions lists the versions of a model 'fraud' (there is none)
        assertError(get("/api/v1/models/fraud/versions"), 404, "model_not_found");
        assertThat(json(get("/api/v1/models/fraud%2Fversions")).path("name").asText()).isEqualTo("fraud/versions");
        assertError(call("PUT", "/api/v1/models/fraud/detector", TestServers.ADMIN_TOKEN, null, null), 405,
                "method_not_allowed");
        assertError(get("/api/v1/models/fraud/detector/extra"), 404, "not_found");
    }

    @Test
    void aSuffixRangeOfAnEmptyFileIsNotSatisfiable() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("empty"));
        Files.write(dir.resolve("empty.bin"), new byte[0]);
        running.registry().registerModel(Registration.builder("e").version("1.0.0").artifacts(dir).build());
        String url = "/api/v1/models/e/versions/1.0.0/artifacts/empty.bin";
        HttpResponse<byte[]> suffix = get(url, "Range", "bytes=-10");
        assertError(suffix, 416, "range_not_satisfiable");
        assertThat(suffix.headers().firstValue("Content-Range")).hasValue("bytes */0");
        HttpResponse<byte[]> whole = get(url);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEmpty();
    }

    @Test
    void artifactDownloadsAreConditionalRangedAndAudited() throws Exception {
        String url = "/api/v1/models/m/versions/@production/artifacts/weights.bin";
        HttpResponse<byte[]> whole = call("GET", url, TestServers.ALICE_TOKEN, null, null, "User-Agent", "test-agent/7");
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(weights);
        String etag = "\"" + file.sha256() + "\"";
        assertThat(whole.headers().firstValue("ETag")).hasValue(etag);
        assertThat(whole.headers().firstValue("Content-Length")).hasValue(Long.toString(weights.length));
        assertThat(whole.headers().firstValue("Repr-Digest")).hasValueSatisfying(v -> assertThat(v).startsWith("sha-256=:"));
        assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");

        HttpResponse<byte[]> part = get(url, "Range", "bytes=1000-1999");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 1000-1999/" + weights.length);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(weights, 1000, 2000));
        assertThat(get(url, "Range", "bytes=-10").body()).isEqualTo(Arrays.copyOfRange(weights, weights.length - 10, weights.length));
        assertThat(get(url, "Range", "bytes=299990-").body()).hasSize(10);
        HttpResponse<byte[]> outside = get(url, "Range", "bytes=400000-");
        assertError(outside, 416, "range_not_satisfiable");
        assertThat(outside.headers().firstValue("Content-Range")).hasValue("bytes */" + weights.length);
        assertThat(get(url, "Range", "bytes=0-1,5-6").statusCode()).as("several ranges: the whole file").isEqualTo(200);
        assertThat(get(url, "Range", "bytes=0-9", "If-Range", "\"other\"").statusCode()).isEqualTo(200);
        assertThat(get(url, "Range", "bytes=0-9", "If-Range", etag).statusCode()).isEqualTo(206);

        HttpResponse<byte[]> notModified = get(url, "If-None-Match", etag);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertError(get(url, "If-Match", "\"" + "0".repeat(64) + "\""), 412, "precondition_failed");
        assertThat(get(url, "If-Match", etag).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> head = call("HEAD", url, TestServers.ADMIN_TOKEN, null, null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue(Long.toString(weights.length));

        assertError(get("/api/v1/models/m/versions/1.0.0/artifacts/..%2F..%2Fregistry.json"), 404, "not_found");
        assertError(get("/api/v1/models/m/versions/1.0.0/artifacts/../../../etc/passwd"), 404, "not_found");

        List<AuditEntry> downloads = running.registry().audit().query(new AuditQuery("alice", "open_artifact", null, null,
                null, 0));
        assertThat(downloads).hasSize(1);
        assertThat(downloads.get(0).details()).containsEntry("source", "127.0.0.1").containsEntry("client", "test-agent/7")
                .containsEntry("path", "weights.bin");
    }

    @Test
    void theAuditTrailReadsNewestFirstOverHttpAndThroughTheRemoteClient() throws Exception {
        JsonNode all = json(get("/api/v1/audit")).path("entries");
        assertThat(all.size()).isGreaterThanOrEqualTo(2);
        JsonNode newest = json(get("/api/v1/audit?order=newest&limit=2")).path("entries");
        assertThat(newest).hasSize(2);
        long last = all.get(all.size() - 1).path("seq").asLong();
        assertThat(newest.get(0).path("seq").asLong()).isEqualTo(last);
        assertThat(newest.get(1).path("seq").asLong()).isEqualTo(last - 1);
        assertThat(json(get("/api/v1/audit?order=oldest&limit=1")).path("entries").get(0).path("seq").asLong()).isEqualTo(1);
        assertError(get("/api/v1/audit?order=sideways"), 400, "validation");
        try (ModelRegistry admin = TestServers.client(running.server().uri(), TestServers.ADMIN_TOKEN, temp.resolve("a"))) {
            assertThat(admin.audit().query(AuditQuery.all().newestFirst(true).limit(2))).extracting(AuditEntry::seq)
                    .containsExactly(last, last - 1);
        }
    }

    @Test
    void uploadsAreStreamedLimitedAndConfinedToTheirDirectory() throws Exception {
        String id = json(call("POST", "/api/v1/uploads", TestServers.ALICE_TOKEN, null, null)).path("id").asText();
        String files = "/api/v1/uploads/" + id + "/files/";
        assertError(call("PUT", files + "..%2F..%2Fescape.bin", TestServers.ALICE_TOKEN, "application/octet-stream",
                new byte[10]), 400, "bad_request");
        assertError(call("PUT", files + "a/../../escape.bin", TestServers.ALICE_TOKEN, "application/octet-stream",
                new byte[10]), 400, "bad_request");
        assertError(call("PUT", files + "big.bin", TestServers.ALICE_TOKEN, "application/octet-stream",
                new byte[5 << 20]), 413, "payload_too_large");
        assertError(call("PUT", files + "ok.bin", TestServers.BOB_TOKEN, "application/octet-stream", new byte[10]), 403,
                "forbidden");
        assertThat(call("PUT", files + "dir/ok.bin", TestServers.ALICE_TOKEN, "application/octet-stream",
                "hello".getBytes()).statusCode()).isEqualTo(201);
        try (Stream<Path> all = Files.walk(running.uploads())) {
            assertThat(all.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("owner", "ok.bin");
        }
        assertThat(temp.resolve("escape.bin")).doesNotExist();
        assertThat(running.uploads().getParent().resolve("escape.bin")).doesNotExist();
        HttpResponse<byte[]> registered = call("POST", "/api/v1/models/up/versions", TestServers.ALICE_TOKEN,
                "application/json", ("{\"registration\": {\"name\": \"up\", \"version\": \"1.0.0\"}, \"upload\": \"" + id
                        + "\"}").getBytes());
        assertThat(registered.statusCode()).as(new String(registered.body())).isEqualTo(201);
        assertThat(json(registered).path("artifacts").path("files").get(0).path("path").asText()).isEqualTo("dir/ok.bin");
        assertThat(running.uploads().resolve(id)).as("the upload is consumed").doesNotExist();
    }

    @Test
    void aClientThatDisconnectsMidUploadOrMidDownloadLeavesNothingBehind() throws Exception {
        String id = json(call("POST", "/api/v1/uploads", TestServers.ALICE_TOKEN, null, null)).path("id").asText();
        try (Socket s = new Socket("127.0.0.1", running.server().port())) {
            OutputStream out = s.getOutputStream();
            out.write(("PUT /api/v1/uploads/" + id + "/files/w.bin HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + TestServers.ALICE_TOKEN + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 3000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[1_000_000]);
            out.flush();
        }
        // a large download the client abandons after a few bytes
        byte[] big = new byte[3 << 20];
        new Random(9).nextBytes(big);
        Path dir = Files.createDirectories(temp.resolve("big"));
        Files.write(dir.resolve("big.bin"), big);
        running.registry().registerModel(Registration.builder("big").version("1.0.0").artifacts(dir).build());
        try (Socket s = new Socket("127.0.0.1", running.server().port())) {
            s.getOutputStream().write(("GET /api/v1/models/big/versions/1.0.0/artifacts/big.bin HTTP/1.1\r\nHost: x\r\n"
                    + "Authorization: Bearer " + TestServers.ALICE_TOKEN + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getInputStream().readNBytes(1000);
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline && partFiles() > 0) {
            Thread.sleep(50);
        }
        assertThat(partFiles()).as("no partial upload left").isZero();
        assertThat(running.registry().listModels()).containsExactlyInAnyOrder("m", "big");
        assertThat(get("/api/v1/models/m/versions/1.0.0").statusCode()).as("the server still serves").isEqualTo(200);
    }

    private long partFiles() throws Exception {
        try (Stream<Path> all = Files.walk(running.uploads())) {
            return all.filter(p -> p.getFileName().toString().endsWith(".part") || p.getFileName().toString().equals("w.bin"))
                    .count();
        }
    }

    @Test
    void aStalledClientIsDisconnectedAfterTheIdleTimeout() throws Exception {
        try (Socket s = new Socket("127.0.0.1", running.server().port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET /api/v1/models HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            long t0 = System.nanoTime();
            InputStream in = s.getInputStream();
            byte[] rest = in.readAllBytes(); // returns when the server closes the connection
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ms).as("closed after the 800 ms idle timeout, not left open").isBetween(500L, 8000L);
            assertThat(rest.length).isLessThan(2000);
        }
    }

    @Test
    void policiesAreEnforcedPerTokenAndListsNarrowed() throws Exception {
        running.registry().access().install(AccessPolicy.builder().grant("admin", "model_admin")
                .grant("alice", "ml_engineer").grant("viewer", "viewer").build());
        assertError(call("PUT", "/api/v1/models/m/aliases/staging", TestServers.VIEWER_TOKEN, "application/json",
                "{\"version\": \"1.0.0\"}".getBytes()), 403, "access_denied");
        assertThat(call("GET", "/api/v1/models/m", TestServers.VIEWER_TOKEN, null, null).statusCode()).isEqualTo(200);
        assertThat(json(call("GET", "/api/v1/models", TestServers.BOB_TOKEN, null, null)).path("models")).as("bob has no grant: "
                + "his list is empty").isEmpty();
        assertError(call("GET", "/api/v1/models/m", TestServers.BOB_TOKEN, null, null), 403, "access_denied");
        try (ModelRegistry viewer = TestServers.client(running.server().uri(), TestServers.VIEWER_TOKEN, temp.resolve("v"))) {
            assertThatThrownBy(() -> viewer.setAlias("m", "staging", "1.0.0")).isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("viewer");
            assertThat(viewer.resolve("m@production").version()).isEqualTo("1.0.0");
        }
        List<AuditEntry> denied = running.registry().as("admin").audit().query(new AuditQuery("viewer", null, null, null,
                null, 0));
        assertThat(denied).anySatisfy(e -> {
            assertThat(e.outcome()).isEqualTo(AuditEntry.Outcome.DENIED);
            assertThat(e.details()).containsEntry("source", "127.0.0.1");
        });
    }

    @Test
    void closingTheServerLetsADownloadInFlightFinishAndRefusesNewConnections() throws Exception {
        byte[] big = new byte[8 << 20];
        new Random(4).nextBytes(big);
        Path dir = Files.createDirectories(temp.resolve("slow"));
        Files.write(dir.resolve("big.bin"), big);
        running.registry().registerModel(Registration.builder("slow").version("1.0.0").artifacts(dir).build());
        int port = running.server().port();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(running.server().uri()
                        + "/api/v1/models/slow/versions/1.0.0/artifacts/big.bin"))
                .header("Authorization", "Bearer " + TestServers.ALICE_TOKEN).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            byte[] first = in.readNBytes(1 << 20); // the rest is still on its way
            Thread stopper = new Thread(() -> running.server().close());
            stopper.start();
            Thread.sleep(200);
            byte[] rest = in.readAllBytes();
            stopper.join(10_000);
            byte[] all = new byte[first.length + rest.length];
            System.arraycopy(first, 0, all, 0, first.length);
            System.arraycopy(rest, 0, all, first.length, rest.length);
            assertThat(all).as("the download in flight finished whole").isEqualTo(big);
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void userSuppliedTextIsReturnedAsJsonDataNeverInterpreted() throws Exception {
        HttpResponse<byte[]> v = get("/api/v1/models/m/versions/1.0.0");
        assertThat(json(v).path("description").asText()).isEqualTo("<script>alert(1)</script>");
        assertThat(v.headers().firstValue("Content-Type")).hasValue("application/json");
    }
}
