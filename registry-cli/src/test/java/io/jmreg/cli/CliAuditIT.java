package io.jmreg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Four eyes stored with the policy, enforced by {@code jmreg} with no option; {@code verify} failing on a forged model
 * log entry; a checkpoint kept outside the store catching a rewritten chain whose stored checkpoints were deleted.
 */
class CliAuditIT {
    @TempDir
    Path temp;
    private final Launcher jmreg = new Launcher();
    private Path store;

    @BeforeEach
    void environment() throws Exception {
        store = temp.resolve("store");
        jmreg.env.put("REGISTRY_URI", "file:" + store);
        jmreg.env.put("REGISTRY_CACHE", temp.resolve("cache").toString());
        jmreg.env.put("REGISTRY_PRINCIPAL", "ci");
        jmreg.run("init").ok();
    }

    @Test
    void fourEyesInTheStoredPolicyHoldsForEveryJmregRun() throws Exception {
        jmreg.run("register", "m", "--version", "2.0.0").ok();
        jmreg.run("promote", "m:2.0.0", "testing").ok();
        jmreg.run("promote", "m:2.0.0", "staging").ok();
        Path policy = Files.writeString(temp.resolve("policy.json"), """
                {"grants": [{"subject": "ci", "roles": ["model_admin"]},
                            {"subject": "eng1", "roles": ["ml_engineer"]},
                            {"subject": "eng2", "roles": ["ml_engineer"]}],
                 "approvals": {"production": "other-principal"}}""");
        jmreg.run("policy", "install", policy.toString()).ok();
        JsonNode shown = jmreg.run("--json", "policy", "show").ok().json();
        assertThat(shown).as("the document as written").isEqualTo(new ObjectMapper().readTree(Files.readString(policy)));
        Path copy = Files.writeString(temp.resolve("shown.json"), jmreg.run("--json", "policy", "show").ok().out());
        jmreg.run("policy", "install", copy.toString()).ok();
        assertThat(jmreg.run("--json", "policy", "show").ok().json()).as("show -> install -> show").isEqualTo(shown);
        assertThat(jmreg.run("policy", "show").ok().out()).containsPattern("STAGE +APPROVAL")
                .containsPattern("production +other-principal");

        assertThat(jmreg.run("--as", "eng1", "promote", "m:2.0.0", "production").ok().out())
                .contains("waiting for approval");
        assertThat(jmreg.run("--json", "info", "m:2.0.0").ok().json().get("stage").asText()).isEqualTo("staging");
        jmreg.run("--as", "eng1", "approve", "m:2.0.0", "production").fails(ExitCodes.ACCESS_DENIED,
                "principal 'eng1' may not use models:promote on m:2.0.0: separation of duties: 'eng1' requested");
        jmreg.run("--as", "eng2", "approve", "m:2.0.0", "production").ok();
        assertThat(jmreg.run("--json", "info", "m:2.0.0").ok().json().get("stage").asText()).isEqualTo("production");
        assertThat(jmreg.run("--json", "audit", "log", "--action", "approve").ok().json().get("entries"))
                .extracting(e -> e.get("outcome").asText()).containsExactly("REFUSED", "OK");
        JsonNode refused = jmreg.run("--json", "audit", "log", "--action", "approve").ok().json().get("entries").get(0);
        assertThat(refused.get("resource").asText()).isEqualTo("m:2.0.0");
        assertThat(refused.get("details").get("permission").asText()).isEqualTo("models:promote");
        assertThat(refused.get("details").get("denied").asText()).isEqualTo("m:2.0.0");

        assertThat(jmreg.run("--json", "token", "carol", "--expires", "30d").ok().json().get("token_file_line")
                .asText()).matches("carol sha256:[0-9a-f]{64} expires=\\d{4}-.*Z");
        Path tokens = temp.resolve("past-tokens");
        jmreg.run("token", "erin", "--expires", "2020-01-01T00:00:00Z", "--append", tokens.toString())
                .fails(ExitCodes.USAGE, "not in the future");
        assertThat(tokens).doesNotExist();
    }

    @Test
    void aForgedModelLogEntryFailsVerify() throws Exception {
        jmreg.run("register", "m", "--version", "1.0.0").ok();
        jmreg.run("register", "m", "--version", "1.1.0").ok();
        jmreg.run("alias", "set", "m", "champion", "1.0.0").ok();
        jmreg.run("audit", "verify").ok();

        Path log = store.resolve("models/m/log");
        List<Path> entries;
        try (Stream<Path> s = Files.list(log)) {
            entries = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        String last = Files.readString(entries.get(entries.size() - 1));
        int seq = entries.size();
        Files.writeString(log.resolve(String.format("%020d.json", seq + 1)), last
                .replace("\"seq\":" + seq, "\"seq\":" + (seq + 1)).replace("\"1.0.0\"", "\"1.1.0\""));
        assertThat(jmreg.run("resolve", "m@champion").ok().out().strip()).as("the forgery took effect")
                .isEqualTo("m:1.1.0");

        Launcher.Result forged = jmreg.run("audit", "verify", "--max-audit-lag", "0s");
        assertThat(forged.exit()).as(forged.out() + forged.err()).isEqualTo(ExitCodes.INTEGRITY);
        assertThat(forged.out()).contains("INVALID").contains("UNAUDITED at " + (seq + 1))
                .contains(String.format("models/m/log/%020d.json", seq + 1));
        assertThat(jmreg.run("audit", "verify", "--max-audit-lag", "1h").ok().out()).contains("valid")
                .contains("1 unaudited (1 pending)");
        assertThat(jmreg.run("audit", "verify", "--max-audit-lag", "0s", "--tolerate-unaudited").ok().out())
                .startsWith("valid").contains("1 unaudited");
    }

    @Test
    void aCheckpointKeptOutsideTheStoreCatchesARewrittenChain() throws Exception {
        Path key = temp.resolve("audit-key.pem");
        Path pub = temp.resolve("audit-key.pub");
        jmreg.run("keygen", key.toString(), "--public", pub.toString()).ok();
        jmreg.run("register", "m", "--version", "1.0.0").ok();
        Path kept = temp.resolve("outside/checkpoint.json");
        Files.createDirectories(kept.getParent());
        Launcher.Result noKey = jmreg.run("audit", "checkpoint", "--out", kept.toString());
        noKey.fails(ExitCodes.USAGE, "set REGISTRY_AUDIT_KEY=FILE");
        assertThat(noKey.err()).as("a hint for the command line, not for Java callers").doesNotContain("RegistryOptions")
                .contains("jmreg keygen");
        assertThat(kept).doesNotExist();
        jmreg.env.put("REGISTRY_AUDIT_KEY", key.toString());
        jmreg.run("alias", "set", "m", "champion", "1.0.0").ok();
        assertThat(jmreg.run("audit", "checkpoint", "--out", kept.toString()).ok().out()).contains("written to");
        assertThat(Files.readString(kept)).contains("\"entry_hash\"");
        jmreg.run("audit", "verify", "--trusted-key", pub.toString(), "--checkpoint", kept.toString()).ok();

        rewriteChainAndDropCheckpoints();
        assertThat(jmreg.run("audit", "verify", "--trusted-key", pub.toString()).ok().out())
                .as("with only what is in the store, the rewrite passes").startsWith("valid");
        Launcher.Result caught = jmreg.run("audit", "verify", "--trusted-key", pub.toString(), "--checkpoint",
                kept.toString());
        assertThat(caught.exit()).as(caught.out() + caught.err()).isEqualTo(ExitCodes.INTEGRITY);
        assertThat(caught.out()).contains("CHECKPOINT_MISMATCH");
    }

    /** Replaces principal "ci" by "mallory" in the first entry naming it and re-links every later one; deletes the checkpoints. */
    private void rewriteChainAndDropCheckpoints() throws Exception {
        List<Path> blocks;
        try (Stream<Path> s = Files.list(store.resolve("audit/chain"))) {
            blocks = s.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
        String prev = null;
        boolean edited = false;
        for (Path block : blocks) {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(block, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                if (prev != null) {
                    line = line.replaceFirst("\"prev\":\"[0-9a-f]{64}\"", "\"prev\":\"" + prev + "\"");
                }
                if (!edited && line.contains("\"ci\"")) {
                    line = line.replaceFirst("\"ci\"", "\"mallory\"");
                    edited = true;
                }
                out.add(line);
                prev = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(line.getBytes(StandardCharsets.UTF_8)));
            }
            Files.writeString(block, String.join("\n", out) + "\n");
        }
        assertThat(edited).isTrue();
        try (Stream<Path> s = Files.list(store.resolve("audit/checkpoints"))) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
    }
}
