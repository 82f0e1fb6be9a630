package io.jmreg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmreg.api.Registration;
import io.jmreg.api.exceptions.OperationNotAllowedException;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.wire.Requests;
import io.jmreg.wire.WireErrors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads under hostile timing: a registration racing a PUT still streaming into the same upload, a client that
 * stalls or disconnects mid-body, and uploads abandoned while the server runs.
 */
class UploadSafetyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path temp;
    private final TestServers servers = new TestServers();
    private final HttpClient http = HttpClient.newHttpClient();
    private TestServers.Running running;
    private PrintStream realErr;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeEach
    void start() {
        realErr = System.err;
        System.setErr(new PrintStream(new TeeStream(log, realErr), true, StandardCharsets.UTF_8)); // slf4j-simple's output
        running = servers.start(temp, b -> b.idleTimeout(Duration.ofMillis(700)).uploadExpiry(Duration.ofSeconds(1)));
    }

    @AfterEach
    void stop() throws Exception {
        servers.closeAll();
        System.setErr(realErr);
    }

    private String serverLog() {
        synchronized (log) {
            return log.toString(StandardCharsets.UTF_8);
        }
    }

    private HttpResponse<byte[]> call(String method, String path, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(running.server().uri() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Authorization", "Bearer " + TestServers.ALICE_TOKEN);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private String newUpload() throws Exception {
        return JSON.readTree(call("POST", "/api/v1/uploads", null, null).body()).path("id").asText();
    }

    private HttpResponse<byte[]> register(String name, String upload) throws Exception {
        return call("POST", "/api/v1/models/" + name + "/versions", "application/json",
                ("{\"registration\": {\"name\": \"" + name + "\", \"version\": \"1.0.0\"}, \"upload\": \"" + upload + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
    }

    /** A PUT whose headers and first {@code sent} bytes of {@code total} went out; the rest is up to the caller. */
    private Socket startPut(String upload, String path, int total, byte[] first) throws Exception {
        Socket s = new Socket("127.0.0.1", running.server().port());
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write(("PUT /api/v1/uploads/" + upload + "/files/" + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + TestServers.ALICE_TOKEN + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + total
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(first);
        out.flush();
        return s;
    }

    private static String statusLine(InputStream in) throws Exception {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
            line.write(c);
        }
        return line.toString(StandardCharsets.US_ASCII).strip();
    }

    private List<String> filesUnder(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void aRegistrationRacingAPutStillStreamingIsRefusedAndNeverCommitsThePartialFile() throws Exception {
        String upload = newUpload();
        assertThat(call("PUT", "/api/v1/uploads/" + upload + "/files/early.bin", "application/octet-stream",
                "early".getBytes()).statusCode()).isEqualTo(201);
        byte[] late = new byte[4 << 20];
        new Random(23).nextBytes(late);
        try (Socket put = startPut(upload, "late.bin", late.length, Arrays.copyOf(late, 1 << 20))) {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (filesUnder(running.uploads()).stream().noneMatch(p -> p.endsWith(".part"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(10); // the server is writing the first MiB
            }
            assertThat(filesUnder(running.uploads().resolve(upload).resolve("files")))
                    .as("a file still arriving is not among the upload's files").containsExactly("early.bin");

            HttpResponse<byte[]> refused = register("race", upload);
            assertThat(refused.statusCode()).as(new String(refused.body(), StandardCharsets.UTF_8)).isEqualTo(409);
            JsonNode error = JSON.readTree(refused.body());
            assertThat(error.path("message").asText()).contains("still being uploaded");
            RuntimeException client = WireErrors.exception(409, new Requests.Error(error.path("code").asText(),
                    error.path("message").asText(), Map.of()));
            assertThat(client).as("the remote client and the CLI see a conflict")
                    .isInstanceOf(OperationNotAllowedException.class);
            assertThat(running.registry().listModels()).doesNotContain("race");

            OutputStream out = put.getOutputStream();
            out.write(late, 1 << 20, late.length - (1 << 20));
            out.flush();
            assertThat(statusLine(put.getInputStream())).isEqualTo("HTTP/1.1 201 Created");
        }
        HttpResponse<byte[]> registered = register("race", upload);
        assertThat(registered.statusCode()).as(new String(registered.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        ModelVersion v = running.registry().resolve("race:1.0.0");
        assertThat(v.artifacts().files()).extracting(f -> f.path() + ":" + f.size())
                .containsExactlyInAnyOrder("early.bin:5", "late.bin:" + late.length);
        try (InputStream in = running.registry().openArtifact("race:1.0.0", "late.bin")) {
            assertThat(in.readAllBytes()).isEqualTo(late);
        }
        assertThat(filesUnder(running.uploads())).as("the upload is consumed").isEmpty();
    }

    @Test
    void aDigestSentWithARegistrationIsNeverTakenForTheUploadedFiles() throws Exception {
        String upload = newUpload();
        byte[] content = new byte[9 << 20]; // large enough for a chunk index: the path that would take a known digest
        new Random(29).nextBytes(content);
        assertThat(call("PUT", "/api/v1/uploads/" + upload + "/files/w.bin", "application/octet-stream", content)
                .statusCode()).isEqualTo(201);
        String claimed = "ab".repeat(32); // a client claiming another blob's digest for its bytes
        HttpResponse<byte[]> registered = call("POST", "/api/v1/models/claims/versions", "application/json",
                ("{\"registration\": {\"name\": \"claims\", \"version\": \"1.0.0\", \"consume_artifacts\": true, "
                        + "\"artifact_digests\": {\"w.bin\": \"" + claimed + "\"}}, \"upload\": \"" + upload + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(registered.statusCode()).as(new String(registered.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(content));
        assertThat(running.registry().resolve("claims:1.0.0").artifacts().files().get(0).sha256()).isEqualTo(actual);
    }

    @Test
    void aPutIntoAnUploadBeingRegisteredIsRefused() throws Exception {
        String upload = newUpload();
        assertThat(register("empty", upload).statusCode()).isEqualTo(201);
        HttpResponse<byte[]> put = call("PUT", "/api/v1/uploads/" + upload + "/files/a.bin", "application/octet-stream",
                new byte[3]);
        assertThat(put.statusCode()).as("a registered upload is gone").isEqualTo(404);
    }

    @Test
    void aStalledUploadEndsWithA408NotA500AndLeavesNoPartialFile() throws Exception {
        String upload = newUpload();
        try (Socket put = startPut(upload, "stalled.bin", 3_000_000, new byte[100_000])) {
            long t0 = System.nanoTime();
            String status = statusLine(put.getInputStream()); // the server gives up after the idle timeout
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ms).isBetween(300L, 8000L);
            assertThat(status).as("a clean client error, not a 500").isEqualTo("HTTP/1.1 408 Request Timeout");
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!filesUnder(running.uploads().resolve(upload)).equals(List.of("owner")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(filesUnder(running.uploads().resolve(upload))).as("the partial file is discarded").containsExactly("owner");
        Thread.sleep(200);
        assertThat(serverLog()).as("no 500 and no stack trace in the server log").doesNotContain("\tat ")
                .doesNotContain("WARN").doesNotContain("ERROR");
    }

    @Test
    void clientsThatDisconnectMidUploadOrMidDownloadLogNoStackTrace() throws Exception {
        String upload = newUpload();
        try (Socket put = startPut(upload, "cut.bin", 3_000_000, new byte[500_000])) {
            Thread.sleep(100);
        }
        byte[] big = new byte[4 << 20];
        Path dir = Files.createDirectories(temp.resolve("big"));
        Files.write(dir.resolve("big.bin"), big);
        running.registry().registerModel(Registration.builder("big").version("1.0.0").artifacts(dir).build());
        for (int i = 0; i < 3; i++) {
            try (Socket s = new Socket("127.0.0.1", running.server().port())) {
                s.getOutputStream().write(("GET /api/v1/models/big/versions/1.0.0/artifacts/big.bin HTTP/1.1\r\nHost: x\r\n"
                        + "Authorization: Bearer " + TestServers.ALICE_TOKEN + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                s.getInputStream().readNBytes(1000);
                s.setSoLinger(true, 0); // reset, as a killed client does
            }
        }
        Thread.sleep(1000);
        assertThat(serverLog()).as("client aborts are not server failures").doesNotContain("\tat ")
                .doesNotContain("WARN").doesNotContain("ERROR");
        assertThat(call("GET", "/api/v1/models", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void abandonedUploadsAreRemovedWhileTheServerRuns() throws Exception {
        String abandoned = newUpload();
        assertThat(call("PUT", "/api/v1/uploads/" + abandoned + "/files/a.bin", "application/octet-stream",
                new byte[1000]).statusCode()).isEqualTo(201);
        String kept = newUpload();
        long deadline = System.nanoTime() + 8_000_000_000L;
        while (Files.exists(running.uploads().resolve(abandoned)) && System.nanoTime() < deadline) {
            // keep the other upload in use: each PUT is activity
            assertThat(call("PUT", "/api/v1/uploads/" + kept + "/files/b.bin", "application/octet-stream",
                    new byte[10]).statusCode()).isEqualTo(201);
            Thread.sleep(200);
        }
        assertThat(running.uploads().resolve(abandoned)).as("idle longer than the expiry: removed").doesNotExist();
        assertThat(call("PUT", "/api/v1/uploads/" + abandoned + "/files/a.bin", "application/octet-stream",
                new byte[10]).statusCode()).isEqualTo(404);
        assertThat(running.uploads().resolve(kept)).as("an upload in use stays").exists();
        assertThat(register("kept", kept).statusCode()).isEqualTo(201);
        assertThat(running.registry().resolve("kept:1.0.0").artifacts().files()).hasSize(1);
    }

    /** Writes to two streams (the captured log and the real stderr). */
    private static final class TeeStream extends OutputStream {
        private final ByteArrayOutputStream copy;
        private final OutputStream out;

        TeeStream(ByteArrayOutputStream copy, OutputStream out) {
            this.copy = copy;
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            synchronized (copy) {
                copy.write(b);
            }
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            synchronized (copy) {
                copy.write(b, off, len);
            }
            out.write(b, off, len);
        }
    }
}
