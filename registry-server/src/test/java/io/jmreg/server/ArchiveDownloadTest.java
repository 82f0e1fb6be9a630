package io.jmreg.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.Registration;
import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.model.ArchiveFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole version as one zip or tar over a real server: unpacked by java.util.zip and by the system tar. */
class ArchiveDownloadTest {
    @TempDir
    Path temp;
    private final TestServers servers = new TestServers();
    private TestServers.Running running;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, byte[]> files = new TreeMap<>();

    @BeforeEach
    void start() throws Exception {
        running = servers.start(temp, b -> b);
        Path dir = Files.createDirectories(temp.resolve("art"));
        Random random = new Random(5);
        byte[] weights = new byte[1_300_000];
        random.nextBytes(weights);
        files.put("weights.bin", weights);
        files.put("config/tokenizer.json", "{\"vocab\": 3}".getBytes(StandardCharsets.UTF_8));
        files.put("empty.txt", new byte[0]);
        byte[] before = new byte[300_000]; // sorts first: the response is under way when weights.bin turns out corrupt
        random.nextBytes(before);
        files.put("a-before.bin", before);
        // longer than the 100 bytes of a ustar name: a pax header carries it
        files.put("deep/" + "d".repeat(60) + "/" + "e".repeat(60) + "/läyer.bin", new byte[] {1, 2, 3});
        for (var f : files.entrySet()) {
            Path p = dir.resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, f.getValue());
        }
        running.registry().registerModel(Registration.builder("m").version("1.0.0").artifacts(dir).build());
        running.registry().setAlias("m", "production", "1.0.0");
    }

    @AfterEach
    void stop() throws Exception {
        servers.closeAll();
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(running.server().uri() + path))
                .header("Authorization", "Bearer " + TestServers.ALICE_TOKEN).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aZipUnpacksToTheVersionsFilesAndIsAuditedOnce() throws Exception {
        HttpResponse<byte[]> r = get("/api/v1/models/m/versions/@production/archive?format=zip");
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(r.headers().firstValue("Content-Disposition")).hasValueSatisfying(v ->
                assertThat(v).contains("m-1.0.0.zip"));
        Map<String, byte[]> unpacked = new TreeMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(r.body()), StandardCharsets.UTF_8)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                unpacked.put(e.getName(), zip.readAllBytes());
            }
        }
        assertThat(unpacked.keySet()).isEqualTo(files.keySet());
        files.forEach((path, bytes) -> assertThat(unpacked.get(path)).as(path).isEqualTo(bytes));

        List<AuditEntry> audited = running.registry().audit().query(new AuditQuery("alice", null, null, null, null, 0));
        assertThat(audited).extracting(AuditEntry::action).containsExactly("archive");
        assertThat(audited.get(0).details()).containsEntry("format", "zip");
    }

    @Test
    void aTarUnpacksWithTheSystemTarAndTheRemoteClientWritesTheSameBytes() throws Exception {
        HttpResponse<byte[]> r = get("/api/v1/models/m/versions/1.0.0/archive?format=tar");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-tar");
        Path tar = temp.resolve("v.tar");
        Files.write(tar, r.body());
        Path out = Files.createDirectories(temp.resolve("out"));
        Process p = new ProcessBuilder("tar", "-xf", tar.toString(), "-C", out.toString())
                .redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(said).isZero();
        for (var f : files.entrySet()) {
            assertThat(Files.readAllBytes(out.resolve(f.getKey()))).as(f.getKey()).isEqualTo(f.getValue());
        }
        try (var walk = Files.walk(out)) {
            assertThat(walk.filter(Files::isRegularFile).count()).isEqualTo(files.size());
        }

        ByteArrayOutputStream viaClient = new ByteArrayOutputStream();
        try (var client = TestServers.client(running.server().uri().toString(), TestServers.ALICE_TOKEN,
                temp.resolve("client-cache"))) {
            client.writeArchive("m@production", ArchiveFormat.TAR, viaClient);
        }
        assertThat(viaClient.toByteArray()).isEqualTo(r.body());
        assertThat(running.registry().audit().query(new AuditQuery("alice", "archive", null, null, null, 0)))
                .hasSize(2);
    }

    @Test
    void aFileFoundCorruptMidStreamBreaksTheArchiveOffNeverEndingItWellFormed() throws Exception {
        byte[] weights = files.get("weights.bin");
        int corrupted = 0;
        try (var walk = Files.walk(temp.resolve("server-store"))) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                if (Files.size(p) == weights.length && Arrays.equals(Files.readAllBytes(p), weights)) {
                    byte[] bad = weights.clone();
                    bad[bad.length / 2] ^= 1;
                    Files.write(p, bad);
                    corrupted++;
                }
            }
        }
        assertThat(corrupted).as("the stored blob of weights.bin").isPositive();
        Files.createDirectories(temp.resolve("server-cache"));
        try (var walk = Files.walk(temp.resolve("server-cache"))) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                if (Files.size(p) == weights.length) {
                    Files.delete(p); // the server must read the store again
                }
            }
        }
        for (String format : List.of("zip", "tar")) {
            try {
                HttpResponse<byte[]> r = get("/api/v1/models/m/versions/1.0.0/archive?format=" + format);
                assertThat(r.statusCode()).as("a whole %s archive must not arrive: %d bytes", format, r.body().length)
                        .isNotEqualTo(200);
            } catch (IOException expected) {
                // the connection was aborted after the first files: the client sees a broken body
            }
        }
    }

    @Test
    void anUnknownFormatIsA400AndNothingIsAudited() throws Exception {
        HttpResponse<byte[]> r = get("/api/v1/models/m/versions/1.0.0/archive?format=rar");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("rar");
        assertThat(running.registry().audit().query(new AuditQuery("alice", "archive", null, null, null, 0))).isEmpty();
    }
}
