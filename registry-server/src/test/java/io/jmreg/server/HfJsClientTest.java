package io.jmreg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmreg.api.Registration;
import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.model.ModelVersion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hugging Face's own JS client ({@code @huggingface/hub}: modelInfo, listFiles with Link paging, fileDownloadInfo,
 * downloadFile) against {@code /hf/}, and {@code onnxruntime-node} running the ONNX model it fetched; both pinned by
 * src/test/node/package-lock.json and installed with {@code npm ci} into target/hf-node. Skipped where node or npm
 * is missing, a failure with CI=true.
 */
class HfJsClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path clientDir;
    @TempDir
    Path temp;
    private final TestServers servers = new TestServers();

    @BeforeAll
    static void installClients() throws Exception {
        clientDir = NodeClients.install();
    }

    @AfterEach
    void stop() throws Exception {
        servers.closeAll();
    }

    private ModelVersion registerTinyModel(TestServers.Running running) throws Exception {
        Path dir = Files.createDirectories(temp.resolve("art/docs"));
        Files.write(dir.getParent().resolve("model.onnx"), TinyOnnx.model());
        Files.writeString(dir.getParent().resolve("config.json"), "{\"inputs\": 3, \"outputs\": 2}");
        Files.writeString(dir.resolve("README.md"), "# tiny linear\n");
        Files.writeString(dir.resolve("LICENSE"), "MIT\n");
        ModelVersion v = running.registry().registerModel(Registration.builder("acme/tiny-linear").version("1.0.0")
                .artifacts(dir.getParent()).build());
        running.registry().setAlias("acme/tiny-linear", "production", "1.0.0");
        assertThat(v.artifacts().file("model.onnx").orElseThrow().format()).isEqualTo("onnx");
        return v;
    }

    @Test
    void theHubsJsClientListsDownloadsAndOnnxRuntimeRunsTheModel() throws Exception {
        TestServers.Running running = servers.start(temp);
        ModelVersion v = registerTinyModel(running);

        float[] x = {1.0f, 2.0f, -3.0f};
        JsonNode out = NodeClients.run(clientDir, "hf-client.mjs", Map.of("HUB_URL", running.server().uri() + "/hf",
                "HF_TOKEN", "hf_" + TestServers.ALICE_TOKEN, "REPO", "acme/tiny-linear", "REVISION", "production",
                "FILE", "model.onnx", "INPUT", "[1.0, 2.0, -3.0]"));

        assertThat(out.path("info").path("name").asText()).isEqualTo("acme/tiny-linear");
        assertThat(out.path("info").path("sha").asText()).matches("[0-9a-f]{40}");
        List<String> siblings = new ArrayList<>();
        out.path("info").path("siblings").forEach(s -> siblings.add(s.asText()));
        assertThat(siblings).containsExactlyInAnyOrder("model.onnx", "config.json", "docs/README.md", "docs/LICENSE");
        List<String> tree = new ArrayList<>();
        out.path("files").forEach(f -> tree.add(f.path("type").asText() + ":" + f.path("path").asText()));
        assertThat(tree).containsExactly("file:config.json", "directory:docs", "file:docs/LICENSE",
                "file:docs/README.md", "file:model.onnx");
        assertThat(out.path("treeRequests").asInt()).as("pages of 2 followed through Link headers").isEqualTo(3);
        String sha256 = v.artifacts().file("model.onnx").orElseThrow().sha256();
        assertThat(out.path("files").get(4).path("lfs").asText()).isEqualTo(sha256);
        assertThat(out.path("fileInfo").path("etag").asText()).isEqualTo("\"" + sha256 + "\"");
        assertThat(out.path("fileInfo").path("size").asLong()).isEqualTo(TinyOnnx.model().length);
        assertThat(out.path("downloadedBytes").asLong()).isEqualTo(TinyOnnx.model().length);
        assertThat(out.path("missing").isNull()).as("downloadFile answers null on EntryNotFound").isTrue();
        assertThat(out.path("missingRepo").path("status").asInt()).isEqualTo(404);

        float[] expected = TinyOnnx.predict(x);
        assertThat(out.path("output")).hasSize(2);
        assertThat(out.path("output").get(0).floatValue()).isCloseTo(expected[0], within(1e-5f));
        assertThat(out.path("output").get(1).floatValue()).isCloseTo(expected[1], within(1e-5f));

        List<AuditEntry> downloads = running.registry().audit().query(new AuditQuery("alice", "open_artifact", null,
                null, null, 0));
        assertThat(downloads).isNotEmpty().allSatisfy(e -> assertThat(e.details())
                .containsEntry("protocol", "huggingface").containsEntry("path", "model.onnx")
                .containsEntry("source", "127.0.0.1"));
    }

    @Test
    void theReadmesJavaScriptExampleRunsAsWritten() throws Exception {
        TestServers.Running running = servers.start(temp);
        registerTinyModel(running);
        String readme = Files.readString(Files.exists(Path.of("README.md")) ? Path.of("README.md")
                : Path.of("..", "README.md"));
        int section = readme.indexOf("## Hugging Face clients");
        assertThat(section).as("the README's Hugging Face section").isPositive();
        int start = readme.indexOf("```js\n", section) + 6;
        String example = readme.substring(start, readme.indexOf("```", start));
        Files.writeString(clientDir.resolve("readme-example.mjs"), example);
        String out = NodeClients.output(clientDir, "readme-example.mjs", Map.of("REGISTRY_URI",
                running.server().uri(), "REGISTRY_TOKEN", TestServers.ALICE_TOKEN));
        var info = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                running.server().uri() + "/hf/api/models/acme/tiny-linear/revision/production"))
                .header("Authorization", "Bearer " + TestServers.ALICE_TOKEN).build(),
                BodyHandlers.ofByteArray());
        String commit = JSON.readTree(info.body()).path("sha").asText();
        List<String> lines = out.lines().toList();
        assertThat(lines).contains("file model.onnx " + TinyOnnx.model().length, "directory docs 0");
        float[] y = TinyOnnx.predict(new float[] {1, 2, -3});
        String last = lines.get(lines.size() - 1);
        assertThat(last).startsWith(commit + " [ ");
        String[] numbers = last.substring(last.indexOf('[') + 1, last.indexOf(']')).split(",");
        assertThat(Float.parseFloat(numbers[0].strip())).isCloseTo(y[0], within(1e-5f));
        assertThat(Float.parseFloat(numbers[1].strip())).isCloseTo(y[1], within(1e-5f));
    }
}
