package io.jmreg.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Small things a user trips over: a mistyped store path, the history of every alias, a missing file, the caret under
 * a bad query, {@code -q token}, {@code --as} with a server, and an unreachable server's message.
 */
class CliFixesIT {
    @TempDir
    Path temp;
    private final Launcher jmreg = new Launcher();

    @BeforeEach
    void environment() {
        jmreg.env.put("REGISTRY_URI", "file:" + temp.resolve("store"));
        jmreg.env.put("REGISTRY_CACHE", temp.resolve("cache").toString());
        jmreg.env.put("REGISTRY_PRINCIPAL", "ci");
    }

    @Test
    void aStoreMustExistUnlessCreatedOnPurpose() throws Exception {
        Path typo = temp.resolve("typo");
        assertThat(jmreg.run("--registry", "file:" + typo, "list").fails(ExitCodes.NOT_FOUND,
                "no registry at file:" + typo).err()).contains("jmreg init");
        jmreg.run("register", "fraud", "--version", "1.0.0").fails(ExitCodes.NOT_FOUND, "does not exist");
        assertThat(typo).doesNotExist();
        assertThat(temp.resolve("store")).doesNotExist();

        assertThat(jmreg.run("--json", "init").ok().json().get("created").asBoolean()).isTrue();
        assertThat(temp.resolve("store")).isDirectory();
        jmreg.run("register", "fraud", "--version", "1.0.0").ok();
        assertThat(jmreg.run("init").ok().out()).contains("exists already");
        assertThat(jmreg.run("--json", "list").ok().json().get("models")).hasSize(1);

        Path other = temp.resolve("other");
        jmreg.run("--registry", "file:" + other, "--create", "register", "m", "--version", "1.0.0").ok();
        jmreg.run("init", "file:" + temp.resolve("third")).ok();
        assertThat(temp.resolve("third")).isDirectory();
    }

    @Test
    void aliasHistoryCatAndErrorsWithACaret() throws Exception {
        jmreg.run("init").ok();
        Path file = Files.writeString(temp.resolve("model.bin"), "weights");
        jmreg.run("register", "fraud", file.toString(), "--version", "1.0.0").ok();
        jmreg.run("register", "fraud", file.toString(), "--version", "1.1.0").ok();
        jmreg.run("alias", "set", "fraud", "production", "1.0.0").ok();
        jmreg.run("alias", "set", "fraud", "staging", "1.1.0").ok();
        jmreg.run("alias", "set", "fraud", "production", "1.1.0").ok();

        var history = jmreg.run("--json", "alias", "history", "fraud").ok().json().get("history");
        assertThat(history).hasSize(3);
        assertThat(history.get(1).get("alias").asText()).isEqualTo("staging"); // by time, across aliases
        assertThat(jmreg.run("alias", "history", "fraud").ok().out().lines().skip(1)
                .filter(l -> l.contains("production")).count()).isEqualTo(2);

        jmreg.run("cat", "fraud:1.0.0", "nope.bin").fails(ExitCodes.NOT_FOUND, "no artifact file 'nope.bin'");
        assertThat(jmreg.run("cat", "fraud:1.0.0", "model.bin").ok().out()).isEqualTo("weights");

        String query = "name:(fraud";
        List<String> lines = jmreg.run("search", query).fails(ExitCodes.USAGE, "unclosed").err().lines().toList();
        String shown = lines.stream().filter(l -> l.contains(query)).findFirst().orElseThrow();
        String caret = lines.get(lines.indexOf(shown) + 1);
        assertThat(caret.strip()).isEqualTo("^");
        assertThat(caret.indexOf('^')).as("caret under the '('\n%s\n%s", shown, caret).isEqualTo(shown.indexOf(query) + 5);

        String gate = "metrics.accuracy >= = 0.9";
        lines = jmreg.run("promote", "fraud:1.0.0", "testing", "--gate", gate).fails(ExitCodes.USAGE, "gate").err()
                .lines().toList();
        shown = lines.stream().filter(l -> l.contains(gate)).findFirst().orElseThrow();
        caret = lines.get(lines.indexOf(shown) + 1);
        assertThat(caret.indexOf('^')).as("caret under the second '='\n%s\n%s", shown, caret)
                .isEqualTo(shown.indexOf(gate) + gate.indexOf("= 0.9"));
    }

    @Test
    void quietTokenAsWithAServerAndAnUnreachableServer() throws Exception {
        String quiet = jmreg.run("-q", "token", "alice").ok().out();
        assertThat(quiet.lines().toList()).hasSize(1);
        assertThat(quiet.strip()).startsWith("jmr_");

        jmreg.run("init").ok();
        Path tokens = temp.resolve("tokens");
        String plain = token(jmreg.run("token", "alice", "--append", tokens.toString()).ok().out());
        String front = token(jmreg.run("token", "frontend", "--impersonate", "--append", tokens.toString()).ok().out());
        ProcessBuilder pb = new ProcessBuilder(Launcher.PATH.toString(), "serve", "--tokens", tokens.toString(), "--port",
                "0", "--no-ui");
        pb.environment().keySet().removeIf(k -> k.startsWith("REGISTRY_") || k.startsWith("JMREG_"));
        pb.environment().putAll(jmreg.env);
        Process server = pb.start();
        try {
            String line = new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8))
                    .readLine();
            String uri = line.replaceAll(".* at (http://127\\.0\\.0\\.1:\\d+).*", "$1");
            Launcher client = new Launcher();
            client.env.put("REGISTRY_URI", uri);
            client.env.put("REGISTRY_CACHE", temp.resolve("client-cache").toString());
            client.env.put("REGISTRY_TOKEN", plain);
            client.run("--as", "mallory", "register", "m", "--version", "1.0.0")
                    .fails(ExitCodes.ACCESS_DENIED, "--as mallory: the token of 'alice' may not act for other principals");
            client.run("register", "m", "--version", "1.0.0").ok();
            client.env.put("REGISTRY_TOKEN", front);
            client.run("--as", "bob", "register", "m", "--version", "1.1.0").ok();
            assertThat(client.run("--json", "info", "m:1.1.0").ok().json().get("created_by").asText()).isEqualTo("bob");
            assertThat(client.run("--json", "info", "m:1.0.0").ok().json().get("created_by").asText()).isEqualTo("alice");
        } finally {
            server.destroy();
            server.waitFor();
        }

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        jmreg.env.put("REGISTRY_TOKEN", "jmr_whatever");
        Launcher.Result unreachable = jmreg.run("--registry", "http://127.0.0.1:" + closed, "list");
        unreachable.fails(ExitCodes.ERROR, "cannot reach the registry server");
        assertThat(unreachable.err()).doesNotContain("null");
    }

    private static String token(String out) {
        return out.lines().filter(l -> l.startsWith("token: ")).findFirst().orElseThrow().substring(7);
    }
}
