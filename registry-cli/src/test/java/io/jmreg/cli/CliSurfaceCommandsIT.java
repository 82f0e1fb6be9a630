package io.jmreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.server.RegistryServer;
import io.jmreg.server.ServerOptions;
import io.jmreg.server.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands of API methods that had none, through the real launcher: {@code cache verify}, {@code stage machine},
 * {@code stage history}, {@code deploy-history}, {@code adapters compatible|bases}, {@code bulk ...} and
 * {@code audit checkpoint --show}; each one's human output, its {@code --json} (equal to the HTTP body of a real
 * server on the same store where a route exists) and its exit codes on bad input.
 */
class CliSurfaceCommandsIT {
    private static final String TOKEN = "surface-commands-token-0123456789";
    @TempDir
    Path temp;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private Launcher jmreg() {
        Launcher jmreg = new Launcher();
        jmreg.env.put("REGISTRY_URI", "file:" + temp.resolve("store"));
        jmreg.env.put("REGISTRY_CACHE", temp.resolve("cache").toString());
        jmreg.env.put("REGISTRY_PRINCIPAL", "ci");
        return jmreg;
    }

    @Test
    void stageAndDeploymentHistoriesTheStageMachineAndAdaptersAreCommandsWhoseJsonIsTheHttpBody() throws Exception {
        Launcher jmreg = jmreg();
        jmreg.run("init").ok();
        Path file = Files.writeString(temp.resolve("model.bin"), "weights");
        jmreg.run("register", "fraud", file.toString(), "--version", "1.0.0", "--metric", "accuracy=0.93").ok();
        jmreg.run("register", "fraud", "--version", "1.1.0").ok();
        jmreg.run("register", "fraud-lora", "--version", "0.1.0", "--kind", "adapter", "--base-model", "fraud:1.0.0")
                .ok();
        jmreg.run("promote", "fraud:1.0.0", "testing").ok();
        jmreg.run("promote", "fraud:1.0.0", "staging", "--gate", "metrics.accuracy >= 0.9").ok();
        jmreg.run("deploy", "fraud:1.0.0", "prod", "--endpoint", "https://fraud/v1").ok();
        jmreg.run("deploy", "fraud", "prod", "--split", "1.0.0=80", "--split", "1.1.0=20").ok();

        String machine = jmreg.run("stage", "machine").ok().out();
        assertThat(machine).contains("STAGE", "TRANSITIONS", "development (initial)", "production", "archived");
        String stages = jmreg.run("stage", "history", "fraud:1.0.0").ok().out();
        assertThat(stages).contains("development", "testing", "staging", "ci", "metrics.accuracy >= 0.9 (actual: 0.93)");
        String deployments = jmreg.run("deploy-history", "fraud", "prod").ok().out();
        assertThat(deployments).contains("1.0.0 100%", "https://fraud/v1", "1.0.0 80%, 1.1.0 20%");
        assertThat(jmreg.run("adapters", "compatible", "fraud:1.0.0").ok().out()).contains("fraud-lora:0.1.0", "adapter");
        assertThat(jmreg.run("adapters", "bases", "fraud-lora:0.1.0").ok().out()).contains("fraud:1.0.0");

        try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder("file:" + temp.resolve("store"))
                .principal("server").cacheDirectory(temp.resolve("server-cache")).build());
             RegistryServer server = RegistryServer.start(ServerOptions.builder(registry,
                     Tokens.of(Map.of()).with(TOKEN, "admin", true)).port(0)
                     .uploadDirectory(temp.resolve("uploads")).build())) {
            assertThat(jmreg.run("--json", "stage", "machine").ok().json())
                    .isEqualTo(get(server, "/api/v1/stage-machine"));
            JsonNode history = jmreg.run("--json", "stage", "history", "fraud:1.0.0").ok().json();
            assertThat(history).hasSize(2).isEqualTo(get(server, "/api/v1/models/fraud/versions/1.0.0/stage-history"));
            JsonNode served = jmreg.run("--json", "deploy-history", "fraud", "prod").ok().json();
            assertThat(served).hasSize(2)
                    .isEqualTo(get(server, "/api/v1/models/fraud/deployments/prod/history"));
            JsonNode adapters = jmreg.run("--json", "adapters", "compatible", "fraud:1.0.0").ok().json();
            assertThat(adapters).hasSize(1).isEqualTo(get(server,
                    "/api/v1/search/compatible-adapters?reference=fraud:1.0.0"));
            JsonNode bases = jmreg.run("--json", "adapters", "bases", "fraud-lora:0.1.0").ok().json();
            assertThat(bases.get(0).get("version").asText()).isEqualTo("1.0.0");
            assertThat(bases).isEqualTo(get(server, "/api/v1/search/compatible-base-models?reference=fraud-lora:0.1.0"));
        }

        jmreg.run("stage", "history", "fraud:9.9.9").fails(ExitCodes.NOT_FOUND, "9.9.9");
        jmreg.run("stage", "history", "Not A Reference").fails(ExitCodes.USAGE, "Not A Reference");
        jmreg.run("deploy-history", "nothing-here", "prod").fails(ExitCodes.NOT_FOUND, "nothing-here");
        assertThat(jmreg.run("--json", "deploy-history", "fraud", "nowhere").ok().json()).isEmpty();
        jmreg.run("deploy-history", "fraud").fails(ExitCodes.USAGE, "ENV");
        jmreg.run("adapters", "compatible", "nope:1.0.0").fails(ExitCodes.NOT_FOUND, "nope");
        assertThat(jmreg.run("--json", "deploy", "fraud:1.1.0", "qa").ok().json().get("environment").asText())
                .as("deploy REF ENV still deploys").isEqualTo("qa");
    }

    @Test
    void bulkChangesEveryVersionAQuerySelectsOrListsThemInADryRunAndExitsSevenWhenSomeWereRefused() throws Exception {
        Launcher jmreg = jmreg();
        jmreg.run("init").ok();
        for (String v : List.of("1.0.0", "1.1.0", "2.0.0")) {
            jmreg.run("register", "churn", "--version", v, "--tag", "candidate", "--metric",
                    "accuracy=" + (v.equals("2.0.0") ? "0.7" : "0.95")).ok();
        }

        JsonNode dry = jmreg.run("--json", "bulk", "tag", "--query", "tags:candidate", "--tag", "reviewed",
                "--dry-run").ok().json();
        assertThat(dry.get("dry_run").asBoolean()).isTrue();
        assertThat(texts(dry.get("changed"))).containsExactlyInAnyOrder("churn:1.0.0", "churn:1.1.0", "churn:2.0.0");
        assertThat(jmreg.run("--json", "info", "churn:1.0.0").ok().json().get("tags").toString())
                .as("a dry run changes nothing").doesNotContain("reviewed");

        assertThat(jmreg.run("bulk", "tag", "--query", "tags:candidate", "--tag", "reviewed", "--untag", "candidate")
                .ok().out()).contains("changed 3 versions", "churn:2.0.0");
        assertThat(jmreg.run("--json", "info", "churn:2.0.0").ok().json().get("tags").toString())
                .contains("reviewed").doesNotContain("candidate");

        jmreg.run("bulk", "promote", "--query", "tags:reviewed", "testing").ok();
        Launcher.Result partial = jmreg.run("--json", "bulk", "promote", "--query", "tags:reviewed", "staging",
                "--gate", "metrics.accuracy >= 0.9");
        assertThat(partial.exit()).as("some refused: %s", partial.err()).isEqualTo(ExitCodes.PARTIAL);
        JsonNode result = partial.json();
        assertThat(texts(result.get("changed"))).containsExactlyInAnyOrder("churn:1.0.0", "churn:1.1.0");
        assertThat(result.get("refused").get("churn:2.0.0").asText()).contains("accuracy");
        assertThat(jmreg.run("--json", "info", "churn:2.0.0").ok().json().get("stage").asText()).isEqualTo("testing");

        jmreg.run("bulk", "metric", "--query", "name:churn", "--metric", "latency_ms=12").ok();
        assertThat(jmreg.run("--json", "info", "churn:1.1.0").ok().json().get("metrics").get("latency_ms").asDouble())
                .isEqualTo(12.0);

        jmreg.run("bulk", "tag", "--query", "name:churn").fails(ExitCodes.USAGE, "--tag or --untag");
        jmreg.run("bulk", "tag", "--query", "tags:(", "--tag", "x").fails(ExitCodes.USAGE, "");
        jmreg.run("bulk", "tag", "--tag", "x").fails(ExitCodes.USAGE, "--query");
        jmreg.run("bulk", "metric", "--query", "name:churn", "--metric", "latency_ms=fast")
                .fails(ExitCodes.USAGE, "not a number");
        jmreg.run("bulk", "delete", "--query", "version:1.0.0").fails(ExitCodes.USAGE, "--yes");
        assertThat(jmreg.run("--json", "versions", "churn").ok().json().get("versions")).as("nothing deleted")
                .hasSize(3);
        assertThat(jmreg.run("bulk", "delete", "--query", "stage:testing", "--yes").ok().out())
                .contains("changed 1 version", "churn:2.0.0");
        assertThat(jmreg.run("--json", "versions", "churn").ok().json().get("versions")).hasSize(2);
    }

    @Test
    void cacheVerifyRepairsThePullCacheAndAuditCheckpointShowPrintsTheNewestCheckpoint() throws Exception {
        Launcher jmreg = jmreg();
        jmreg.run("init").ok();
        Path file = Files.writeString(temp.resolve("model.bin"), "weights");
        jmreg.run("register", "fraud", file.toString(), "--version", "1.0.0").ok();
        Path pulled = Path.of(jmreg.run("-q", "pull", "fraud:1.0.0").ok().out().strip());
        JsonNode clean = jmreg.run("--json", "cache", "verify").ok().json();
        assertThat(clean.get("blobs_checked").asLong()).isEqualTo(1);
        assertThat(clean.get("snapshot_files_repaired").asLong()).isZero();
        Files.delete(pulled.resolve("model.bin"));
        assertThat(jmreg.run("cache", "verify").ok().out()).contains("checked 1 blobs", "(1 repaired)");
        assertThat(Files.readString(pulled.resolve("model.bin"))).isEqualTo("weights");

        jmreg.run("audit", "checkpoint", "--show").fails(ExitCodes.NOT_FOUND, "no checkpoint yet");
        Path key = temp.resolve("audit.pem");
        jmreg.run("keygen", key.toString()).ok();
        jmreg.env.put("REGISTRY_AUDIT_KEY", key.toString());
        JsonNode sealed = jmreg.run("--json", "audit", "checkpoint").ok().json();
        JsonNode shown = jmreg.run("--json", "audit", "checkpoint", "--show").ok().json();
        assertThat(shown).isEqualTo(sealed);
        assertThat(jmreg.run("audit", "checkpoint", "--show").ok().out())
                .contains("newest checkpoint: entry " + sealed.get("seq").asLong(), sealed.get("entry_hash").asText());
        jmreg.run("audit", "checkpoint", "--show", "--out", temp.resolve("c.json").toString())
                .fails(ExitCodes.USAGE, "--show");
        assertThat(jmreg.run("--json", "audit", "checkpoint", "--show").ok().json()).as("--show seals nothing")
                .isEqualTo(sealed);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private JsonNode get(RegistryServer server, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.uri() + path))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }
}
