package io.jmreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jmreg as users run it: every command through the packaged launcher in a child process, against a {@code file:}
 * store. Exit codes, {@code --json} documents parsed, human output of a few commands, one-line errors on stderr,
 * nothing written on bad input, and progress output with and without a terminal.
 */
class CliIT {
    private static final Path LAUNCHER = Path.of(System.getProperty("jmreg.launcher", "target/jmreg/bin/jmreg"));
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;
    private Map<String, String> env;

    record Result(int exit, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("stdout is not one JSON document: " + out + "\nstderr: " + err, e);
            }
        }
    }

    @BeforeEach
    void environment() throws IOException {
        Files.createDirectories(temp.resolve("store")); // a store must exist (jmreg init, --create)
        env = new HashMap<>();
        env.put("REGISTRY_URI", "file:" + temp.resolve("store"));
        env.put("REGISTRY_CACHE", temp.resolve("cache").toString());
        env.put("REGISTRY_PRINCIPAL", "ci");
    }

    private Result jmreg(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(LAUNCHER.toAbsolutePath().toString());
        cmd.addAll(List.of(args));
        return exec(cmd, env);
    }

    private static Result exec(List<String> cmd, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("REGISTRY_") || k.startsWith("JMREG_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", cmd).isTrue();
        return new Result(p.exitValue(), out.get(), err.get());
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Result ok(Result r) {
        assertThat(r.exit()).as("exit; stdout: %s%nstderr: %s", r.out(), r.err()).isZero();
        return r;
    }

    private static void fails(Result r, int code, String message) {
        assertThat(r.exit()).as("exit; stdout: %s%nstderr: %s", r.out(), r.err()).isEqualTo(code);
        assertThat(r.out()).as("stdout of a failure").isEmpty();
        assertThat(r.err().lines().findFirst().orElse("")).startsWith("jmreg: ").contains(message);
    }

    private Path model(String name, String content) throws IOException {
        Path dir = Files.createDirectories(temp.resolve(name));
        Files.writeString(dir.resolve("model.bin"), content);
        Files.writeString(dir.resolve("config.json"), "{\"layers\": 2}");
        return dir;
    }

    @Test
    void aPipelineRegistersScoresGatesPromotesDeploysAndServingResolves() throws Exception {
        Path metrics = temp.resolve("metrics.json");
        Files.writeString(metrics, "{\"accuracy\": 0.84, \"eval\": {\"f1\": 0.8}}");
        JsonNode v1 = ok(jmreg("--json", "register", "fraud", model("v1", "weights one").toString(), "--version",
                "1.0.0", "--metrics-file", metrics.toString(), "--metric", "latency_ms=40", "--tag", "team:risk",
                "--param", "lr=0.01", "--dataset", "transactions@2026-10", "--git-commit", "abc123",
                "--description", "first <b>cut</b>")).json();
        assertThat(v1.get("name").asText() + ":" + v1.get("version").asText()).isEqualTo("fraud:1.0.0");
        assertThat(v1.get("metrics").get("eval.f1").asDouble()).isEqualTo(0.8);
        assertThat(v1.get("artifacts").get("files")).hasSize(2);
        assertThat(v1.get("lineage").get("code_commit").asText()).isEqualTo("abc123");
        assertThat(v1.get("training_info").get("hyper_parameters").get("lr").asText()).isEqualTo("0.01");

        String v2 = ok(jmreg("--quiet", "register", "fraud", model("v2", "weights two").toString(), "--bump", "minor",
                "--parent", "fraud:1.0.0", "--metric", "accuracy=0.91", "--metric", "latency_ms=55")).out().strip();
        assertThat(v2).isEqualTo("fraud:1.1.0");
        ok(jmreg("score", "fraud:1.1.0", "--metric", "auc=0.95"));
        assertThat(ok(jmreg("--json", "info", "fraud:1.1.0")).json().get("metrics").get("evaluation.auc").asDouble())
                .isEqualTo(0.95);

        fails(jmreg("promote", "fraud:1.0.0", "testing", "--gate", "metrics.accuracy >= 0.9"), 6, "accuracy");
        ok(jmreg("promote", "fraud:1.1.0", "testing", "--gate", "metrics.accuracy >= 0.9"));
        ok(jmreg("alias", "set", "fraud", "production", "1.0.0"));
        String beforeMove = Instant.now().toString();
        Thread.sleep(20);
        ok(jmreg("alias", "set", "fraud", "production", "1.1.0"));
        assertThat(ok(jmreg("resolve", "fraud@production")).out().strip()).isEqualTo("fraud:1.1.0");
        assertThat(ok(jmreg("resolve", "fraud@production", "--as-of", beforeMove)).out().strip()).isEqualTo("fraud:1.0.0");
        List<String> watchCommand = new ArrayList<>(List.of(LAUNCHER.toAbsolutePath().toString(), "--json", "watch",
                "fraud@production", "--max-delay", "200ms", "--count", "1"));
        ProcessBuilder watchBuilder = new ProcessBuilder(watchCommand);
        watchBuilder.environment().putAll(env);
        Process watcher = watchBuilder.start();
        CompletableFuture<String> watched = CompletableFuture.supplyAsync(() -> read(watcher.getInputStream()));
        Thread.sleep(1500); // the watcher has started and resolved the alias
        ok(jmreg("alias", "set", "fraud", "production", "1.0.0"));
        assertThat(watcher.waitFor(60, TimeUnit.SECONDS)).as("the watcher saw the move and stopped").isTrue();
        JsonNode move = JSON.readTree(watched.get());
        assertThat(move.get("previous").asText()).isEqualTo("fraud:1.1.0");
        assertThat(move.get("current").asText()).isEqualTo("fraud:1.0.0");
        ok(jmreg("alias", "set", "fraud", "production", "1.1.0"));
        JsonNode history = ok(jmreg("--json", "alias", "history", "fraud", "production")).json().get("history");
        assertThat(history).hasSize(4);
        assertThat(history.get(1).get("previous").asText()).isEqualTo("1.0.0");

        JsonNode deployed = ok(jmreg("--json", "deploy", "fraud", "prod", "--split", "1.0.0=80", "--split", "1.1.0=20",
                "--endpoint", "https://fraud.internal")).json();
        assertThat(deployed.get("splits")).hasSize(2);
        ok(jmreg("deploy", "fraud:1.1.0", "prod"));
        JsonNode rolled = ok(jmreg("--json", "rollback", "fraud", "prod", "--yes")).json();
        assertThat(rolled.get("splits").get(0).get("percent").asDouble()).isEqualTo(80);

        String table = ok(jmreg("versions", "fraud")).out();
        assertThat(table.lines().findFirst().orElseThrow()).startsWith("VERSION").contains("STAGE").contains("ALIASES");
        assertThat(table).contains("1.1.0").contains("testing").contains("production");
        JsonNode versions = ok(jmreg("--json", "versions", "fraud")).json().get("versions");
        assertThat(versions).hasSize(2);
        assertThat(ok(jmreg("list")).out()).contains("fraud").contains("production=1.1.0");

        Path pulled = temp.resolve("pulled");
        ok(jmreg("--no-progress", "pull", "fraud@production", "--to", pulled.toString()));
        assertThat(Files.readString(pulled.resolve("model.bin"))).isEqualTo("weights two");
        Path cached = Path.of(ok(jmreg("--no-progress", "pull", "fraud:1.0.0")).out().strip());
        assertThat(Files.readString(cached.resolve("model.bin"))).isEqualTo("weights one");
        assertThat(ok(jmreg("cat", "fraud@production", "model.bin")).out()).isEqualTo("weights two");
        assertThat(ok(jmreg("cat", "fraud@production", "model.bin", "--offset", "8")).out()).isEqualTo("two");

        ok(jmreg("update", "fraud:1.0.0", "--tag", "legacy", "--untag", "team:risk"));
        assertThat(ok(jmreg("--json", "info", "fraud:1.0.0")).json().get("tags").toString()).contains("legacy")
                .doesNotContain("team:risk");
        JsonNode found = ok(jmreg("--json", "search", "name:fraud AND metrics.accuracy:>0.9")).json();
        assertThat(found.get("items")).hasSize(1);
        assertThat(found.get("items").get(0).get("version").asText()).isEqualTo("1.1.0");
        assertThat(ok(jmreg("tree", "fraud")).out()).contains("└── 1.0.0").contains("└── 1.1.0");
        assertThat(ok(jmreg("--json", "lineage", "fraud:1.1.0")).json().get("parents").get(0).asText())
                .isEqualTo("fraud:1.0.0");
        assertThat(ok(jmreg("lineage", "fraud:1.1.0", "--format", "dot")).out()).startsWith("digraph lineage {")
                .contains("\"fraud:1.0.0\" -> \"fraud:1.1.0\" [label=\"parent\"]")
                .contains("\"dataset:transactions@2026-10\" [shape=cylinder");
        assertThat(ok(jmreg("lineage", "fraud:1.0.0", "--format", "mermaid")).out()).startsWith("flowchart LR")
                .contains("-->|parent|").contains("-->|trained_on|");
        assertThat(ok(jmreg("tree", "fraud", "--format", "mermaid")).out()).contains("[\"1.1.0 @production (testing)\"]").contains("n0 -->|parent| n1");
        assertThat(ok(jmreg("--json", "lineage", "--dataset", "transactions")).json().get("versions").get(0).asText())
                .isEqualTo("fraud:1.0.0");

        String report = ok(jmreg("compare", "fraud:1.0.0", "fraud:1.1.0", "--metric", "accuracy", "--report",
                "markdown")).out();
        assertThat(report).contains("# Evaluation report: fraud").contains("Winner on `accuracy`: **fraud:1.1.0**")
                .contains("| accuracy | 0.84 | 0.91 (+0.07").contains("file changed: `model.bin`");
        Path html = temp.resolve("report.html");
        ok(jmreg("compare", "fraud:1.0.0", "fraud:1.1.0", "--metric", "latency_ms", "--lower-is-better",
                "--report", "html", "-o", html.toString()));
        assertThat(Files.readString(html)).contains("<span class=\"winner\">fraud:1.0.0</span>");
        JsonNode compared = ok(jmreg("--json", "compare", "fraud:1.0.0", "fraud:1.1.0", "--metric", "accuracy")).json();
        assertThat(compared.get("winner").asText()).isEqualTo("fraud:1.1.0");

        ok(jmreg("register", "fraud-lora", "--version", "0.1.0", "--kind", "adapter", "--base-model", "fraud:1.1.0"));
        fails(jmreg("register", "lost-lora", "--version", "0.1.0", "--kind", "adapter", "--base-model", "nope:1.0.0"), 2,
                "not in this registry");
        JsonNode canary = ok(jmreg("--json", "deploy", "fraud:1.1.0", "canary", "--adapter", "fraud-lora")).json();
        assertThat(canary.get("adapters").get(0).asText()).isEqualTo("fraud-lora:0.1.0");
        fails(jmreg("deploy", "fraud:1.0.0", "canary", "--adapter", "fraud-lora"), 2, "made for");

        JsonNode stats = ok(jmreg("--json", "stats")).json();
        assertThat(stats.get("versions").asInt()).isEqualTo(3);
        JsonNode audit = ok(jmreg("--json", "audit", "log", "--action", "set_alias")).json().get("entries");
        assertThat(audit).hasSize(4); // two moves, and the watched move and back
        assertThat(audit.get(0).get("principal").asText()).isEqualTo("ci");
        JsonNode newest = ok(jmreg("--json", "audit", "log", "--action", "set_alias", "--newest-first", "--limit", "1"))
                .json().get("entries");
        assertThat(newest).hasSize(1);
        assertThat(newest.get(0).get("seq").asLong()).isEqualTo(audit.get(3).get("seq").asLong());
        assertThat(ok(jmreg("audit", "verify")).out()).startsWith("valid:");
        ok(jmreg("alias", "rm", "fraud", "prod", "--yes")); // the rollback pointed the environment's alias back at 1.0.0
        fails(jmreg("delete", "fraud:1.0.0"), 2, "needs --yes");
        ok(jmreg("delete", "fraud:1.0.0", "-y"));
        fails(jmreg("resolve", "fraud:1.0.0"), 3, "1.0.0");
        assertThat(ok(jmreg("--json", "gc", "--grace", "0s")).json().get("blobs_deleted").asInt()).isEqualTo(1);
    }

    @Test
    void badInputExitsWithItsCodeAndOneLineAndWritesNothing() throws Exception {
        Result unknown = jmreg("list", "--frobnicate");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("jmreg: Unknown option: '--frobnicate'");
        fails(jmreg("resolve", "Fraud!"), 2, "illegal character");
        fails(jmreg("resolve", "fraud@"), 2, "");
        fails(jmreg("search", "name:(fraud"), 2, "");
        fails(jmreg("register", "fraud", temp.resolve("missing").toString(), "--version", "1.0.0"), 2,
                "no such file or directory");
        fails(jmreg("register", "fraud", "--version", "1.0.0", "--metric", "accuracy=high"), 2, "not a number");
        fails(jmreg("--registry", "nosuch://bucket", "list"), 2, "nosuch");
        Path config = temp.resolve("jmreg.properties");
        Files.writeString(config, "registry=file:" + temp.resolve("store") + "\naudit-downloads=sometimes\n");
        fails(jmreg("--config", config.toString(), "list"), 2, "audit-downloads must be");
        Files.writeString(config, "registy=file:/tmp/typo\n");
        fails(jmreg("--config", config.toString(), "list"), 2, "unknown key 'registy'");
        assertThat(ok(jmreg("--json", "list")).json().get("models")).isEmpty(); // nothing was written
        fails(jmreg("resolve", "fraud"), 3, "fraud");

        ok(jmreg("register", "fraud", model("v1", "bytes").toString(), "--version", "1.0.0"));
        fails(jmreg("register", "fraud", "--version", "1.0.0"), 6, "1.0.0");
        fails(jmreg("promote", "fraud:1.0.0", "production"), 6, "production");

        Path policy = temp.resolve("policy.json");
        Files.writeString(policy, "{\"grants\": [{\"subject\": \"ci\", \"roles\": [\"model_admin\"]},"
                + " {\"subject\": \"intern\", \"roles\": [\"viewer\"]}]}");
        ok(jmreg("policy", "install", policy.toString()));
        fails(jmreg("--as", "intern", "alias", "set", "fraud", "production", "1.0.0"), 4, "models:deploy");
        assertThat(ok(jmreg("--json", "alias", "list", "fraud")).json().get("aliases").size()).isZero();

        String sha = ok(jmreg("--json", "info", "fraud:1.0.0")).json().get("artifacts").get("files").get(0)
                .get("sha256").asText();
        Path blob = temp.resolve("store").resolve("blobs/sha256/" + sha.substring(0, 2) + "/" + sha);
        blob.toFile().setWritable(true);
        Files.writeString(blob, "BYTES");
        fails(jmreg("--no-progress", "pull", "fraud:1.0.0", "--to", temp.resolve("out").toString()), 5,
                "integrity check failed");
        assertThat(temp.resolve("out").resolve("model.bin")).doesNotExist();
    }

    @Test
    void progressIsABarOnATerminalPlainLinesElsewhereAndNothingWithJson() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("big"));
        for (int i = 0; i < 4; i++) {
            byte[] bytes = new byte[3 << 20];
            new Random(i).nextBytes(bytes);
            Files.write(dir.resolve("shard-" + i + ".bin"), bytes);
        }
        env.put("JMREG_PROGRESS", "plain");
        env.put("JMREG_PROGRESS_INTERVAL_MS", "0");
        Result plain = ok(jmreg("register", "big", dir.toString(), "--version", "1.0.0"));
        assertThat(plain.err()).contains("register big: 4 files, 12.0 MiB").contains("done in").doesNotContain("\r");
        assertThat(plain.err().lines().filter(l -> l.contains("files")).count()).isGreaterThanOrEqualTo(3);

        env.remove("JMREG_PROGRESS");
        Result json = ok(jmreg("--json", "pull", "big:1.0.0", "--to", temp.resolve("j").toString()));
        assertThat(json.err()).isEmpty();
        assertThat(json.json().get("files")).hasSize(4);

        String command = String.join(" ", LAUNCHER.toAbsolutePath().toString(), "pull", "big:1.0.0", "--to",
                temp.resolve("t").toString());
        Result terminal = exec(List.of("script", "-qec", command, "/dev/null"), env); // a pseudo-terminal
        assertThat(terminal.exit()).as(terminal.out()).isZero();
        assertThat(terminal.out()).contains("\r").contains("[##############################]").contains("done in");
        assertThat(sha256(temp.resolve("t").resolve("shard-3.bin"))).isEqualTo(sha256(dir.resolve("shard-3.bin")));
    }

    @Test
    void signaturesAuditKeysCompletionAndHelp() throws Exception {
        Path key = temp.resolve("ci-key.pem");
        Path pub = temp.resolve("ci-key.pub");
        String keyId = ok(jmreg("keygen", key.toString(), "--public", pub.toString())).out().strip();
        assertThat(keyId).matches("[0-9a-f]{16}");
        fails(jmreg("keygen", key.toString()), 2, "exists");
        env.put("REGISTRY_SIGNING_KEY", key.toString());
        env.put("REGISTRY_AUDIT_KEY", key.toString());
        ok(jmreg("register", "signed", "--version", "1.0.0"));
        env.remove("REGISTRY_SIGNING_KEY");
        ok(jmreg("register", "signed", "--version", "1.1.0"));
        env.put("REGISTRY_TRUSTED_KEYS", pub.toString());
        assertThat(ok(jmreg("--require-signatures", "resolve", "signed:1.0.0")).out().strip()).isEqualTo("signed:1.0.0");
        fails(jmreg("--require-signatures", "resolve", "signed:1.1.0"), 5, "not signed");

        JsonNode checkpoint = ok(jmreg("--json", "audit", "checkpoint")).json();
        assertThat(checkpoint.get("key_id").asText()).isEqualTo(keyId);
        Path kept = temp.resolve("checkpoint.json");
        Files.writeString(kept, checkpoint.toString());
        JsonNode report = ok(jmreg("--json", "audit", "verify", "--trusted-key", pub.toString(), "--checkpoint",
                kept.toString())).json();
        assertThat(report.get("sealed_up_to").asLong()).isEqualTo(checkpoint.get("seq").asLong());
        Path exported = temp.resolve("audit.jsonl");
        ok(jmreg("audit", "export", "-o", exported.toString()));
        assertThat(Files.readAllLines(exported)).hasSize((int) checkpoint.get("seq").asLong());

        Path block = temp.resolve("store").resolve(String.format("audit/chain/%020d.jsonl", 1));
        Files.writeString(block, Files.readString(block).replace("\"ci\"", "\"cj\""));
        Result bad = jmreg("audit", "verify", "--trusted-key", pub.toString());
        assertThat(bad.exit()).isEqualTo(5);
        assertThat(bad.out()).contains("INVALID").contains("EDITED at 1");

        Path events = temp.resolve("events.jsonl");
        ok(jmreg("--on-event", "cat >> '" + events + "'; echo \"$JMREG_EVENT_TYPE $JMREG_EVENT_MODEL $JMREG_EVENT_VERSION\" >> '"
                + events + ".txt'", "alias", "set", "signed", "production", "1.0.0"));
        assertThat(Files.readAllLines(Path.of(events + ".txt"))).containsExactly("ALIAS_MOVED signed 1.0.0");
        assertThat(JSON.readTree(Files.readString(events)).get("details").get("alias").asText()).isEqualTo("production");
        Result hookFailed = jmreg("--on-event", "exit 3", "alias", "rm", "signed", "production", "--yes");
        assertThat(hookFailed.exit()).isEqualTo(1);
        assertThat(hookFailed.err()).contains("event hook for ALIAS_MOVED of signed exited with 3");

        assertThat(ok(jmreg("completion")).out()).contains("complete -F").contains("jmreg");
        Result help = ok(jmreg("--help"));
        assertThat(help.out()).contains("register").contains("Exit codes:").contains("6     conflict or refused");
        assertThat(ok(jmreg("--version")).out()).startsWith("jmreg ");
    }

    @Test
    void serveMakesTheStoreAnHttpRegistryThatTheSameCommandsUseWithAToken() throws Exception {
        Path tokens = temp.resolve("tokens");
        Result made = ok(jmreg("token", "alice", "--append", tokens.toString()));
        String token = made.out().lines().filter(l -> l.startsWith("token: ")).findFirst().orElseThrow().substring(7);
        assertThat(Files.readString(tokens)).startsWith("alice sha256:").doesNotContain(token);
        fails(jmreg("serve", "--tokens", temp.resolve("missing").toString()), ExitCodes.USAGE, "does not exist");
        ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toAbsolutePath().toString(), "serve", "--tokens",
                tokens.toString(), "--port", "0", "--upload-dir", temp.resolve("uploads").toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("REGISTRY_") || k.startsWith("JMREG_"));
        pb.environment().putAll(env);
        Process server = pb.start();
        try {
            BufferedReader err = new BufferedReader(new InputStreamReader(server.getErrorStream(),
                    StandardCharsets.UTF_8));
            String line = err.readLine();
            assertThat(line).as("the server's first line").contains("serving").contains("http://127.0.0.1:");
            String uri = line.replaceAll(".* at (http://127\\.0\\.0\\.1:\\d+).*", "$1");
            assertThat(line).contains("web UI at " + uri + "/");
            var signIn = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(uri + "/signin")).build(), BodyHandlers.ofString());
            assertThat(signIn.statusCode()).isEqualTo(200);
            assertThat(signIn.body()).contains("<h1>Sign in</h1>");
            Map<String, String> remote = new HashMap<>(env);
            remote.put("REGISTRY_URI", uri);
            remote.put("REGISTRY_TOKEN", token);
            remote.put("REGISTRY_CACHE", temp.resolve("client-cache").toString());
            Path dir = model("served", "weights over http");
            List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toAbsolutePath().toString()));
            ok(exec(concat(cmd, "register", "served", dir.toString(), "--version", "1.0.0"), remote));
            ok(exec(concat(cmd, "alias", "set", "served", "production", "1.0.0"), remote));
            Result resolved = ok(exec(concat(cmd, "resolve", "served@production", "--json"), remote));
            assertThat(resolved.json().path("version").asText()).isEqualTo("1.0.0");
            Result cat = ok(exec(concat(cmd, "cat", "served@production", "model.bin"), remote));
            assertThat(cat.out()).isEqualTo("weights over http");
            var oci = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    uri + "/v2/served/manifests/production")).header("Authorization", "Bearer " + token).build(),
                    BodyHandlers.ofString());
            assertThat(oci.body()).as("the OCI API under /v2/").contains("application/vnd.cncf.model.manifest.v1+json");
            remote.put("REGISTRY_TOKEN", "jmr_not-a-token");
            Result unauthenticated = exec(concat(cmd, "list"), remote);
            assertThat(unauthenticated.exit()).as(unauthenticated.err()).isEqualTo(ExitCodes.UNAUTHENTICATED);
            assertThat(unauthenticated.err()).contains(uri).contains("the bearer token is not valid")
                    .doesNotContain("access denied");
            Result local = ok(jmreg("resolve", "served@production", "--json"));
            assertThat(local.json().path("version").asText()).as("the same store, embedded").isEqualTo("1.0.0");
        } finally {
            server.destroy(); // SIGTERM: a graceful stop
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void importUrlDownloadsChecksRegistersAndRecords() throws Exception {
        byte[] data = "weights from the web".getBytes(StandardCharsets.UTF_8);
        HttpServer web = HttpServer.create(
                new InetSocketAddress("127.0.0.1", 0), 0);
        web.createContext("/files/model.bin", x -> {
            x.getResponseHeaders().add("ETag", "\"v1\"");
            if (x.getRequestMethod().equals("HEAD")) {
                x.getResponseHeaders().add("Content-Length", Integer.toString(data.length));
            }
            x.sendResponseHeaders(200, x.getRequestMethod().equals("HEAD") ? -1 : data.length);
            if (!x.getRequestMethod().equals("HEAD")) {
                x.getResponseBody().write(data);
            }
            x.close();
        });
        web.start();
        try {
            String url = "http://127.0.0.1:" + web.getAddress().getPort() + "/files/model.bin";
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
            fails(jmreg("import", "url", url, "--model", "web", "--sha256", "0".repeat(64), "--no-progress"), ExitCodes.INTEGRITY,
                    "integrity check failed");
            ok(jmreg("import", "url", url, "--model", "web", "--sha256", sha, "--version", "1.0.0"));
            assertThat(ok(jmreg("cat", "web:1.0.0", "model.bin")).out()).isEqualTo("weights from the web");
            ok(jmreg("export", "web", "--to", temp.resolve("bundle").toString()));
            Map<String, String> other = new HashMap<>(env);
            other.put("REGISTRY_URI", "file:" + temp.resolve("other-store"));
            Result imported = ok(exec(concat(List.of(LAUNCHER.toAbsolutePath().toString()), "--create", "import", "bundle",
                    temp.resolve("bundle").toString(), "--json"), other));
            assertThat(imported.json().path("registered").get(0).asText()).isEqualTo("web:1.0.0");
            JsonNode records = ok(jmreg("import", "records", "--json")).json().path("downloads");
            assertThat(records).hasSize(2);
            assertThat(records.get(0).path("status").asText()).isEqualTo("failed");
            assertThat(records.get(1).path("status").asText()).isEqualTo("completed");
            assertThat(records.get(1).path("reference").asText()).isEqualTo("web:1.0.0");
        } finally {
            web.stop(0);
        }
    }

    @Test
    void mlflowImportOfACopiedTreeKeepsNanMetricsSlashKeysAndSaysWhatItSkipped() throws Exception {
        Path mlruns = temp.resolve("copied/mlruns");
        String origin = "file:///home/alice/mlruns";
        Path run = Files.createDirectories(mlruns.resolve("1/r1"));
        Files.writeString(mlruns.resolve("1/meta.yaml"), "experiment_id: '1'\nname: demo\n");
        Files.writeString(run.resolve("meta.yaml"), "artifact_uri: " + origin + "/1/r1/artifacts\nrun_id: r1\n"
                + "run_name: quick-owl\nstatus: 3\nuser_id: alice\n");
        Files.createDirectories(run.resolve("metrics/eval"));
        Files.writeString(run.resolve("metrics/eval/precision"), "1700000000000 0.9 0\n");
        Files.writeString(run.resolve("metrics/loss"), "1700000000000 nan 0\n");
        Files.createDirectories(run.resolve("artifacts/model"));
        Files.writeString(run.resolve("artifacts/model/model.pkl"), "weights");
        Path model = Files.createDirectories(mlruns.resolve("models/demo"));
        Files.writeString(model.resolve("meta.yaml"), "name: demo\n");
        for (int n = 1; n <= 2; n++) {
            Files.createDirectories(model.resolve("version-" + n));
            Files.writeString(model.resolve("version-" + n + "/meta.yaml"), "current_stage: None\nname: demo\nrun_id: r1\n"
                    + "source: " + (n == 1 ? origin + "/1/r1/artifacts/model" : "s3://bucket/2/model") + "\nstatus: READY\n"
                    + "version: " + n + "\n");
        }
        Result r = jmreg("import", "mlflow", mlruns.toString(), "--json");
        assertThat(r.exit()).as("some were skipped; stderr: %s", r.err()).isEqualTo(ExitCodes.PARTIAL);
        JsonNode report = r.json();
        assertThat(report.path("registered").get(0).asText()).isEqualTo("demo:1.0.0");
        assertThat(report.path("skipped").get(0).asText()).contains("version 2").contains("s3://");
        assertThat(report.path("warnings").toString()).contains("loss").contains("NaN");
        assertThat(report.path("complete").asBoolean()).isFalse();
        JsonNode v = ok(jmreg("info", "demo:1.0.0", "--json")).json();
        assertThat(v.path("metrics").path("eval/precision").asDouble()).isEqualTo(0.9);
        assertThat(v.path("custom").path("mlflow").path("non_finite_metrics").path("loss").asText()).isEqualTo("NaN");
        Path pulled = temp.resolve("pulled");
        ok(jmreg("--no-progress", "pull", "demo:1.0.0", "--to", pulled.toString()));
        assertThat(Files.readString(pulled.resolve("model.pkl"))).isEqualTo("weights");
        Result text = jmreg("import", "mlflow", mlruns.toString());
        assertThat(text.exit()).isEqualTo(ExitCodes.PARTIAL);
        assertThat(text.out()).contains("already present 1: demo:1.0.0").contains("skipped demo version 2");
    }

    @Test
    void webhooksAreManagedFromTheCliAndDeliveredSignedByServe() throws Exception {
        String secret = "cli-webhook-secret-0123";
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        AtomicInteger refusals = new AtomicInteger(1);
        HttpServer receiver = HttpServer.create(
                new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", x -> {
            byte[] body = x.getRequestBody().readAllBytes();
            String ts = x.getRequestHeaders().getFirst("Jmreg-Webhook-Timestamp");
            int status;
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                mac.update((ts + ".").getBytes(StandardCharsets.UTF_8));
                boolean valid = ("sha256=" + HexFormat.of().formatHex(mac.doFinal(body)))
                        .equals(x.getRequestHeaders().getFirst("Jmreg-Webhook-Signature"));
                status = !valid ? 401 : refusals.getAndDecrement() > 0 ? 503 : 204;
                if (status == 204) {
                    received.add(JSON.readTree(body));
                }
            } catch (Exception e) {
                status = 500;
            }
            x.sendResponseHeaders(status, -1);
            x.close();
        });
        receiver.start();
        Path tokens = temp.resolve("tokens");
        ok(jmreg("token", "alice", "--append", tokens.toString()));
        Process server = null;
        try {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            env.put("JMREG_WEBHOOK_SECRET", secret);
            Result added = ok(jmreg("--json", "webhook", "add", url, "--event", "registered", "--models", "fraud/**"));
            env.remove("JMREG_WEBHOOK_SECRET");
            assertThat(added.out()).doesNotContain(secret);
            String id = added.json().path("id").asText();
            Result generated = ok(jmreg("--json", "webhook", "add", "http://127.0.0.1:9/unused"));
            String newSecret = generated.json().path("secret").asText();
            assertThat(newSecret).startsWith("whsec_");
            fails(jmreg("webhook", "add", url, "--event", "exploded"), ExitCodes.USAGE, "unknown event type");
            ok(jmreg("webhook", "rm", generated.json().path("id").asText()));
            String listed = ok(jmreg("webhook", "list")).out();
            assertThat(listed).contains(id).contains(url).contains("fraud/**").doesNotContain(secret)
                    .doesNotContain(newSecret).doesNotContain("unused");

            ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toAbsolutePath().toString(), "serve", "--tokens",
                    tokens.toString(), "--port", "0", "--upload-dir", temp.resolve("uploads").toString());
            pb.environment().keySet().removeIf(k -> k.startsWith("REGISTRY_") || k.startsWith("JMREG_"));
            pb.environment().putAll(env);
            server = pb.start();
            new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8))
                    .readLine(); // serving
            ok(jmreg("register", "fraud/detector", model("hooked", "w").toString(), "--version", "1.0.0"));
            ok(jmreg("register", "other", model("unhooked", "w").toString(), "--version", "1.0.0"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (received.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(received).as("delivered by serve after one refusal").hasSize(1);
            assertThat(received.get(0).path("model").asText()).isEqualTo("fraud/detector");
            assertThat(received.get(0).path("principal").asText()).isEqualTo("ci");
            JsonNode deliveries = ok(jmreg("--json", "webhook", "deliveries", id)).json().path("deliveries");
            assertThat(deliveries).hasSize(1);
            assertThat(deliveries.get(0).path("status").asText()).isEqualTo("DELIVERED");
            assertThat(deliveries.get(0).path("attempts").asInt()).isEqualTo(2);
            String table = ok(jmreg("webhook", "deliveries", id)).out();
            assertThat(table).contains("registered").contains("delivered").contains("204");
            ok(jmreg("webhook", "redeliver", deliveries.get(0).path("id").asText()));
            assertThat(received).hasSize(2);
            assertThat(received.get(1).path("id").asText()).isEqualTo(received.get(0).path("id").asText());
        } finally {
            if (server != null) {
                server.destroy();
                assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            receiver.stop(0);
        }
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
