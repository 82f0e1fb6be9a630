package io.jmreg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmreg.api.Registration;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.model.ModelVersion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Hugging Face hub's read endpoints under {@code /hf/} as the hub's clients call them (routes, headers and error
 * codes taken from huggingface_hub's file_download.py/hf_api.py and huggingface.js): model info, tree listing with
 * {@code Link} paging, resolve with ranges, and that every call is authorized and audited.
 */
class HfEndpointsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path temp;
    private final TestServers servers = new TestServers();
    private final HttpClient http = HttpClient.newHttpClient();
    private TestServers.Running running;
    private byte[] weights;
    private ModelVersion v1;
    private ModelVersion v2;

    @BeforeEach
    void start() throws Exception {
        running = servers.start(temp);
        weights = new byte[200_000];
        new Random(5).nextBytes(weights);
        Path dir = Files.createDirectories(temp.resolve("art"));
        Files.write(dir.resolve("model.bin"), weights);
        Files.createDirectories(dir.resolve("tokenizer"));
        Files.writeString(dir.resolve("tokenizer/vocab.txt"), "a\nb\nc\n");
        Files.writeString(dir.resolve("tokenizer/merges.txt"), "a b\n");
        Files.writeString(dir.resolve("config.json"), "{\"hidden\": 3}");
        v1 = running.registry().registerModel(Registration.builder("acme/sentiment").version("1.0.0").artifacts(dir)
                .tags("nlp").type("text-classification").build());
        Files.writeString(dir.resolve("config.json"), "{\"hidden\": 4}");
        v2 = running.registry().registerModel(Registration.builder("acme/sentiment").version("1.1.0").artifacts(dir)
                .build());
        running.registry().setAlias("acme/sentiment", "production", "1.0.0");
    }

    @AfterEach
    void stop() throws Exception {
        servers.closeAll();
    }

    private HttpResponse<byte[]> call(String method, String path, String token, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(running.server().uri() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).header("User-Agent", "hf-test/1");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        return call("GET", path, TestServers.ALICE_TOKEN, headers);
    }

    private static JsonNode json(HttpResponse<byte[]> r) throws Exception {
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static void assertHubError(HttpResponse<byte[]> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(status);
        assertThat(r.headers().firstValue("X-Error-Code").orElse(null)).isEqualTo(code);
        assertThat(r.headers().firstValue("X-Error-Message")).isPresent();
        if (r.body().length > 0) {
            assertThat(JSON.readTree(r.body()).path("error").asText()).isNotBlank().doesNotContain("\tat ");
        }
    }

    @Test
    void modelInfoHasSiblingsAndOneStableCommitPerVersion() throws Exception {
        JsonNode main = json(get("/hf/api/models/acme/sentiment"));
        assertThat(main.path("id").asText()).isEqualTo("acme/sentiment");
        assertThat(main.path("author").asText()).isEqualTo("acme");
        assertThat(main.path("jmreg").path("version").asText()).isEqualTo("1.1.0"); // main: the latest version
        String sha11 = main.path("sha").asText();
        assertThat(sha11).matches("[0-9a-f]{40}");
        List<String> names = new ArrayList<>();
        main.path("siblings").forEach(s -> names.add(s.path("rfilename").asText()));
        assertThat(names).containsExactlyInAnyOrder("model.bin", "config.json", "tokenizer/vocab.txt",
                "tokenizer/merges.txt");
        JsonNode onnx = null;
        for (JsonNode s : main.path("siblings")) {
            if (s.path("rfilename").asText().equals("model.bin")) {
                onnx = s;
            }
        }
        assertThat(onnx.path("size").asLong()).isEqualTo(weights.length);
        assertThat(onnx.path("lfs").path("sha256").asText())
                .isEqualTo(v2.artifacts().file("model.bin").orElseThrow().sha256());

        JsonNode production = json(get("/hf/api/models/acme/sentiment/revision/production?expand=sha"));
        JsonNode exact = json(get("/hf/api/models/acme/sentiment/revision/1.0.0"));
        String sha10 = exact.path("sha").asText();
        assertThat(production.path("sha").asText()).isEqualTo(sha10).isNotEqualTo(sha11);
        assertThat(json(get("/hf/api/models/acme/sentiment/revision/" + sha10)).path("jmreg").path("version").asText())
                .isEqualTo("1.0.0");
        assertThat(json(get("/hf/api/models/acme/sentiment/revision/HEAD")).path("sha").asText()).isEqualTo(sha11);
        // the commit of a version never changes: moving an alias, adding tags or a later version leave it as it was
        running.registry().updateTags("acme/sentiment:1.0.0", Set.of("reviewed"), Set.of());
        running.registry().setAlias("acme/sentiment", "main", "1.0.0");
        assertThat(json(get("/hf/api/models/acme/sentiment")).path("sha").asText()).isEqualTo(sha10);
        assertThat(call("HEAD", "/hf/api/models/acme/sentiment", TestServers.ALICE_TOKEN).body()).isEmpty();
    }

    @Test
    void resolveSendsTheHubsHeadersRangesAndConditionalAnswers() throws Exception {
        String url = "/hf/acme/sentiment/resolve/production/model.bin";
        String sha = v1.artifacts().file("model.bin").orElseThrow().sha256();
        String commit = json(get("/hf/api/models/acme/sentiment/revision/1.0.0")).path("sha").asText();
        HttpResponse<byte[]> head = call("HEAD", url, TestServers.ALICE_TOKEN, "Accept-Encoding", "identity");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("X-Repo-Commit")).hasValue(commit);
        assertThat(head.headers().firstValue("ETag")).hasValue("\"" + sha + "\"");
        assertThat(head.headers().firstValue("X-Linked-Etag")).hasValue("\"" + sha + "\"");
        assertThat(head.headers().firstValue("X-Linked-Size")).hasValue(Integer.toString(weights.length));
        assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(weights.length));

        HttpResponse<byte[]> whole = get(url);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(weights);
        HttpResponse<byte[]> probe = get(url, "Range", "bytes=0-0"); // huggingface.js's fileDownloadInfo probe
        assertThat(probe.statusCode()).isEqualTo(206);
        assertThat(probe.body()).containsExactly(weights[0]);
        assertThat(probe.headers().firstValue("Content-Range")).hasValue("bytes 0-0/" + weights.length);
        HttpResponse<byte[]> middle = get(url, "Range", "bytes=1000-1999");
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(weights, 1000, 2000));
        assertThat(get(url, "Range", "bytes=-10").body()).isEqualTo(Arrays.copyOfRange(weights, weights.length - 10,
                weights.length));
        HttpResponse<byte[]> outside = get(url, "Range", "bytes=999999-");
        assertThat(outside.statusCode()).isEqualTo(416);
        assertThat(outside.headers().firstValue("Content-Range")).hasValue("bytes */" + weights.length);
        assertThat(get(url, "If-None-Match", "\"" + sha + "\"").statusCode()).isEqualTo(304);
        assertThat(get(url, "Range", "bytes=0-9", "If-Range", "\"other\"").statusCode()).isEqualTo(200);
        assertThat(get("/hf/acme/sentiment/resolve/" + commit + "/tokenizer/vocab.txt").body())
                .isEqualTo("a\nb\nc\n".getBytes(StandardCharsets.UTF_8));
        assertThat(get("/hf/acme/sentiment/resolve/1.1.0/config.json").body())
                .isEqualTo("{\"hidden\": 4}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void treeListsChildrenOrEverythingAndPagesWithLinkHeaders() throws Exception {
        JsonNode root = json(get("/hf/api/models/acme/sentiment/tree/main"));
        List<String> top = new ArrayList<>();
        root.forEach(e -> top.add(e.path("type").asText() + ":" + e.path("path").asText()));
        assertThat(top).containsExactly("file:config.json", "file:model.bin", "directory:tokenizer");
        assertThat(root.get(1).path("size").asLong()).isEqualTo(weights.length);
        assertThat(root.get(1).path("lfs").path("oid").asText())
                .isEqualTo(v2.artifacts().file("model.bin").orElseThrow().sha256());
        JsonNode sub = json(get("/hf/api/models/acme/sentiment/tree/1.0.0/tokenizer?expand=true"));
        assertThat(sub).hasSize(2);
        assertThat(sub.get(0).path("path").asText()).isEqualTo("tokenizer/merges.txt");
        assertThat(sub.get(0).path("lastCommit").path("id").asText()).matches("[0-9a-f]{40}");

        List<String> paged = new ArrayList<>();
        String next = "/hf/api/models/acme/sentiment/tree/main?recursive=true&limit=2";
        int pages = 0;
        while (next != null) {
            HttpResponse<byte[]> page = get(next);
            json(page).forEach(e -> paged.add(e.path("path").asText()));
            pages++;
            String link = page.headers().firstValue("Link").orElse(null);
            if (link == null) {
                next = null;
            } else {
                assertThat(link).matches("<http://127\\.0\\.0\\.1:\\d+/hf/api/models/acme/sentiment/tree/[0-9a-f]{40}\\?.*"
                        + "cursor=.*>; rel=\"next\"");
                next = link.substring(link.indexOf("/hf/"), link.indexOf('>'));
            }
        }
        assertThat(pages).isEqualTo(3);
        assertThat(paged).containsExactly("config.json", "model.bin", "tokenizer", "tokenizer/merges.txt",
                "tokenizer/vocab.txt");
        assertHubError(get("/hf/api/models/acme/sentiment/tree/main/nothing"), 404, "EntryNotFound");
        assertThat(get("/hf/api/models/acme/sentiment/tree/main?cursor=bm9wZQ").statusCode()).isEqualTo(400);
    }

    @Test
    void fileAndDirectoryIdsAreTheGitIdsOfTheVersionAsLfsPointers() throws Exception {
        Path repo = Files.createDirectories(temp.resolve("git"));
        for (var f : v1.artifacts().files()) {
            Path p = repo.resolve(f.path());
            Files.createDirectories(p.getParent());
            Files.writeString(p, "version https://git-lfs.github.com/spec/v1\noid sha256:" + f.sha256() + "\nsize "
                    + f.size() + "\n");
        }
        if (!git(repo, "init", "-q").isEmpty() || !git(repo, "add", "-A").isEmpty()) {
            throw new AssertionError("git failed");
        }
        String tree = git(repo, "write-tree");
        JsonNode listing = json(get("/hf/api/models/acme/sentiment/tree/1.0.0?recursive=true"));
        for (JsonNode e : listing) {
            assertThat(e.path("oid").asText()).as(e.path("path").asText())
                    .isEqualTo(git(repo, "rev-parse", tree + ":" + e.path("path").asText()));
        }
    }

    private static String git(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "core.autocrlf=false"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void refusalsCarryTheHubsErrorCodes() throws Exception {
        assertHubError(get("/hf/api/models/acme/nothing"), 404, "RepoNotFound");
        assertHubError(get("/hf/api/models/acme/sentiment/revision/9.9.9"), 404, "RevisionNotFound");
        assertHubError(get("/hf/api/models/acme/sentiment/revision/staging"), 404, "RevisionNotFound");
        assertHubError(get("/hf/api/models/acme/sentiment/revision/" + "0".repeat(40)), 404, "RevisionNotFound");
        assertHubError(get("/hf/acme/sentiment/resolve/main/missing.bin"), 404, "EntryNotFound");
        assertHubError(call("HEAD", "/hf/acme/sentiment/resolve/main/missing.bin", TestServers.ALICE_TOKEN), 404,
                "EntryNotFound");
        HttpResponse<byte[]> anonymous = call("GET", "/hf/api/models/acme/sentiment", null);
        assertHubError(anonymous, 401, "RepoNotFound");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
        HttpResponse<byte[]> wrong = call("GET", "/hf/api/models/acme/sentiment", "jmr_wrong");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("X-Error-Message")).hasValue("Invalid credentials in Authorization header");
        assertThat(call("DELETE", "/hf/api/models/acme/sentiment", TestServers.ALICE_TOKEN).statusCode()).isEqualTo(405);
        assertThat(get("/hf/whatever").statusCode()).isEqualTo(404);
    }

    @Test
    void everyReadIsAuthorizedAndEveryDownloadAuditedWithItsSourceAndClient() throws Exception {
        running.registry().access().install(AccessPolicy.builder().grant("admin", "model_admin")
                .grant("alice", "viewer").build());
        assertThat(get("/hf/acme/sentiment/resolve/1.0.0/model.bin").body()).isEqualTo(weights);
        // bob has no grant: refused alike whether or not the model exists (no existence oracle)
        assertHubError(call("GET", "/hf/acme/sentiment/resolve/1.0.0/model.bin", TestServers.BOB_TOKEN), 403,
                "GatedRepo");
        assertHubError(call("GET", "/hf/api/models/acme/ghost", TestServers.BOB_TOKEN), 403, "GatedRepo");
        assertHubError(call("GET", "/hf/api/models/acme/sentiment/tree/main", TestServers.BOB_TOKEN), 403, "GatedRepo");

        var admin = running.registry().as("admin");
        List<AuditEntry> downloads = admin.audit().query(new AuditQuery("alice", "open_artifact", null, null, null, 0));
        assertThat(downloads).hasSize(1);
        assertThat(downloads.get(0).details()).containsEntry("source", "127.0.0.1").containsEntry("client", "hf-test/1")
                .containsEntry("protocol", "huggingface").containsEntry("path", "model.bin");
        assertThat(admin.audit().query(new AuditQuery("bob", null, null, null, null, 0)))
                .isNotEmpty().allSatisfy(e -> {
                    assertThat(e.outcome()).isEqualTo(AuditEntry.Outcome.DENIED);
                    assertThat(e.details()).containsEntry("protocol", "huggingface");
                });
    }
}
