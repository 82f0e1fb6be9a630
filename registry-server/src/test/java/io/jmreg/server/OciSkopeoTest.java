package io.jmreg.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmreg.api.Registration;
import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.ModelInfo;
import io.jmreg.api.model.ModelVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OCI Distribution API with a real client, Debian's {@code skopeo}: a version is copied from {@code /v2/} to an
 * OCI layout and back under another name (a push that registers a version whose files verify), inspected (the
 * ModelPack artifact type) and its tags listed (versions and aliases). Skipped with a message where skopeo is
 * missing, except on CI ({@code CI=true}), where {@code .ci/run} installs it and its absence is a failure.
 */
class OciSkopeoTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path temp;
    private final TestServers servers = new TestServers();
    private TestServers.Running running;
    private String host;

    @BeforeEach
    void start() {
        boolean present = Files.isExecutable(Path.of("/usr/bin/skopeo"));
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("skopeo is required on CI (.ci/run installs Debian's skopeo)");
        }
        Assumptions.assumeTrue(present, "skopeo is not installed (Debian package skopeo): the OCI API is not tested "
                + "with a real client here");
        running = servers.start(temp);
        host = "127.0.0.1:" + running.server().port();
    }

    @AfterEach
    void stop() throws Exception {
        servers.closeAll();
    }

    private String skopeo(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("skopeo", "--insecure-policy", "--tmpdir", temp.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("HOME", temp.toString()); // no credentials or registries.conf of the machine's user
        pb.environment().put("REGISTRY_AUTH_FILE", temp.resolve("auth.json").toString());
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("skopeo %s: %s", String.join(" ", args), out).isZero();
        return out;
    }

    @Test
    void skopeoPullsAVersionIntoALayoutAndPushesItBackAsANewModel() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("files/tokenizer"));
        byte[] weights = new byte[3_000_000];
        new Random(7).nextBytes(weights);
        Files.write(dir.getParent().resolve("model.safetensors.bin"), weights);
        Files.writeString(dir.resolve("vocab.txt"), "a\nb\n");
        Files.writeString(dir.getParent().resolve("README.md"), "# demo\n");
        running.registry().registerModel(Registration.builder("team/demo").version("1.0.0").artifacts(dir.getParent())
                .modelInfo(new ModelInfo(null, null, 6_700_000_000L, null, null, "pytorch", null, null, null, null, null))
                .build());
        running.registry().setAlias("team/demo", "production", "1.0.0");
        String creds = "alice:" + TestServers.ALICE_TOKEN;

        // the README's example: pull a version into an OCI layout
        skopeo("copy", "--src-tls-verify=false", "--src-creds", creds,
                "docker://" + host + "/team/demo:1.0.0", "oci:" + temp.resolve("layout") + ":1.0.0");
        JsonNode index = JSON.readTree(temp.resolve("layout/index.json").toFile());
        String manifestDigest = index.path("manifests").get(0).path("digest").asText();
        JsonNode manifest = JSON.readTree(temp.resolve("layout/blobs/sha256/" + manifestDigest.substring(7)).toFile());
        assertThat(manifest.path("artifactType").asText()).isEqualTo("application/vnd.cncf.model.manifest.v1+json");
        assertThat(manifest.path("layers")).extracting(l -> l.path("annotations").path("org.opencontainers.image.title")
                .asText()).containsExactly("README.md", "model.safetensors.bin", "tokenizer/vocab.txt");
        for (ArtifactFile f : running.registry().resolve("team/demo:1.0.0").artifacts().files()) {
            assertThat(temp.resolve("layout/blobs/sha256/" + f.sha256())).as(f.path()).hasSize(f.size());
        }
        assertThat(temp.resolve("layout/blobs/sha256/" + running.registry().resolve("team/demo:1.0.0").artifacts()
                .file("model.safetensors.bin").orElseThrow().sha256())).hasBinaryContent(weights);

        String inspect = skopeo("inspect", "--raw", "--tls-verify=false", "--creds", creds,
                "docker://" + host + "/team/demo:production");
        assertThat(JSON.readTree(inspect).path("artifactType").asText())
                .isEqualTo("application/vnd.cncf.model.manifest.v1+json");
        assertThat(JSON.readTree(inspect).path("config").path("mediaType").asText())
                .isEqualTo("application/vnd.cncf.model.config.v1+json");
        String tags = skopeo("list-tags", "--tls-verify=false", "--creds", creds, "docker://" + host + "/team/demo");
        assertThat(JSON.readTree(tags).path("Tags")).extracting(JsonNode::asText).containsExactly("1.0.0", "production");

        // and back, as another model: a registration by alice
        skopeo("copy", "--dest-tls-verify=false", "--dest-creds", creds, "oci:" + temp.resolve("layout") + ":1.0.0",
                "docker://" + host + "/team/copy:2.0.0");
        ModelVersion copy = running.registry().resolve("team/copy:2.0.0");
        ModelVersion original = running.registry().resolve("team/demo:1.0.0");
        assertThat(copy.createdBy()).isEqualTo("alice");
        assertThat(copy.artifacts().digest()).isEqualTo(original.artifacts().digest());
        assertThat(copy.modelInfo().totalParameters()).isEqualTo(6_700_000_000L);
        Path pulled = running.registry().pull("team/copy:2.0.0");
        assertThat(pulled.resolve("model.safetensors.bin")).hasBinaryContent(weights);
        assertThat(pulled.resolve("tokenizer/vocab.txt")).hasContent("a\nb\n");
        List<AuditEntry> trail = running.registry().audit().query(new AuditQuery("alice", null, null, null, null, 0));
        assertThat(trail).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("open_artifact");
            assertThat(e.details()).containsEntry("protocol", "oci").containsEntry("source", "127.0.0.1")
                    .hasEntrySatisfying("client", c -> assertThat(c).contains("skopeo"));
        });
        assertThat(trail).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("register");
            assertThat(e.details()).containsEntry("protocol", "oci");
        });
    }

    @Test
    void theReadmesExampleRunsAsWritten() throws Exception {
        Path readme = Path.of("README.md");
        if (!Files.exists(readme)) {
            readme = Path.of("..", "README.md");
        }
        String text = Files.readString(readme);
        int section = text.indexOf("## Pulling and pushing with OCI tools");
        int start = text.indexOf("```sh\n", section) + "```sh\n".length();
        String block = text.substring(start, text.indexOf("```", start)).replace("\\\n", " ");
        Path dir = Files.createDirectories(temp.resolve("fraud-files"));
        Files.writeString(dir.resolve("model.onnx.bin"), "weights of fraud");
        running.registry().registerModel(Registration.builder("fraud").version("1.4.0").artifacts(dir).build());
        running.registry().setAlias("fraud", "production", "1.4.0");
        List<String> outputs = new ArrayList<>();
        for (String line : block.split("\n")) {
            if (!line.startsWith("skopeo ")) {
                assertThat(line).startsWith("jmreg ").contains("serve --tokens");
                continue;
            }
            String command = line.replace("127.0.0.1:8080", host).replace("$TOKEN", TestServers.ALICE_TOKEN)
                    .replace("oci:fraud-layout", "oci:" + temp.resolve("fraud-layout"));
            List<String> args = new ArrayList<>(List.of(command.strip().split("\\s+")));
            args.remove(0);
            outputs.add(skopeo(args.toArray(String[]::new)));
        }
        assertThat(outputs).hasSize(4);
        assertThat(outputs.get(1)).contains("application/vnd.cncf.model.manifest.v1+json");
        assertThat(outputs.get(2)).contains("\"1.4.0\"", "\"production\"");
        assertThat(running.registry().resolve("fraud-copy:1.4.0").artifacts().digest())
                .isEqualTo(running.registry().resolve("fraud:1.4.0").artifacts().digest());
    }
}
