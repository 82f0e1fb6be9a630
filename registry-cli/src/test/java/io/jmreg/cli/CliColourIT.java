package io.jmreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Colour only on a terminal and never with {@code NO_COLOR} (through a pseudo-terminal made by {@code script}),
 * {@code jmreg serve --metrics} serving the registry's Prometheus text at {@code /metrics}, and descriptions edited
 * with {@code jmreg update --description / --description-file}.
 */
class CliColourIT {
    private static final String ESC = "\u001b[";

    @TempDir
    Path temp;

    private Launcher jmreg() throws Exception {
        Launcher jmreg = new Launcher();
        jmreg.env.put("REGISTRY_URI", "file:" + temp.resolve("store"));
        jmreg.env.put("REGISTRY_CACHE", temp.resolve("cache").toString());
        jmreg.env.put("REGISTRY_PRINCIPAL", "ci");
        return jmreg;
    }

    /** {@code jmreg args} on a pseudo-terminal with TERM=xterm, NO_COLOR as given (null: unset); its output. */
    private static String onATerminal(Launcher jmreg, String noColor, String args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(List.of("script", "-qec", Launcher.PATH + " " + args, "/dev/null"));
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("REGISTRY_") || k.startsWith("JMREG_") || k.equals("NO_COLOR"));
        env.putAll(jmreg.env);
        env.put("TERM", "xterm");
        if (noColor != null) {
            env.put("NO_COLOR", noColor);
        }
        Process p = pb.redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void colourOnATerminalUnlessNoColorAndNeverInAPipe() throws Exception {
        Launcher jmreg = jmreg();
        jmreg.run("init").ok();
        jmreg.run("register", "fraud", "--version", "1.0.0").ok();
        jmreg.run("promote", "fraud:1.0.0", "testing").ok();

        String coloured = onATerminal(jmreg, null, "versions fraud");
        assertThat(coloured).contains(ESC + "1mVERSION" + ESC + "0m").contains(ESC + "36mtesting" + ESC + "0m");
        String plain = onATerminal(jmreg, "1", "versions fraud");
        assertThat(plain).doesNotContain(ESC).contains("VERSION").contains("testing");
        assertThat(onATerminal(jmreg, "1", "register --help")).doesNotContain(ESC).contains("Usage:");
        assertThat(onATerminal(jmreg, "", "versions fraud")).as("an empty NO_COLOR does not count").contains(ESC);

        Launcher.Result piped = jmreg.run("versions", "fraud");
        assertThat(piped.ok().out()).doesNotContain(ESC).contains("testing");
        assertThat(jmreg.run("register", "--help").ok().out()).doesNotContain(ESC);
    }

    @Test
    void descriptionsAreEditableFromTextOrAFile() throws Exception {
        Launcher jmreg = jmreg();
        jmreg.run("init").ok();
        jmreg.run("register", "fraud", "--version", "1.0.0", "--description", "first").ok();
        Path readme = Files.writeString(temp.resolve("README.md"), "# Fraud\n\nScores *transactions*.\n");
        assertThat(jmreg.run("update", "fraud:1.0.0", "--description-file", readme.toString()).ok().out())
                .contains("updated fraud:1.0.0");
        assertThat(jmreg.run("--json", "info", "fraud:1.0.0").ok().json().get("description").asText())
                .isEqualTo("# Fraud\n\nScores *transactions*.\n");
        jmreg.run("update", "fraud:1.0.0", "--description", "second").ok();
        assertThat(jmreg.run("--json", "info", "fraud:1.0.0").ok().json().get("description").asText())
                .isEqualTo("second");
        jmreg.run("update", "fraud:1.0.0", "--description", "a", "--description-file", readme.toString())
                .fails(ExitCodes.USAGE, "not both");
        jmreg.run("update", "fraud:1.0.0", "--description", "x".repeat(65_537)).fails(ExitCodes.USAGE, "65536");
        jmreg.run("update", "fraud:1.0.0", "--description", "").ok();
        var cleared = jmreg.run("--json", "info", "fraud:1.0.0").ok().json().path("description");
        assertThat(cleared.isMissingNode() || cleared.isNull()).as("no description: %s", cleared).isTrue();
    }

    @Test
    void serveMetricsExposesPrometheusText() throws Exception {
        Launcher jmreg = jmreg();
        jmreg.run("init").ok();
        jmreg.run("register", "fraud", "--version", "1.0.0").ok();
        Path tokens = temp.resolve("tokens");
        String token = jmreg.run("-q", "token", "alice", "--append", tokens.toString()).ok().out().strip();
        ProcessBuilder pb = new ProcessBuilder(Launcher.PATH.toString(), "serve", "--tokens", tokens.toString(),
                "--port", "0", "--no-ui", "--no-access-log", "--metrics");
        pb.environment().keySet().removeIf(k -> k.startsWith("REGISTRY_") || k.startsWith("JMREG_"));
        pb.environment().putAll(jmreg.env);
        Process server = pb.start();
        try {
            BufferedReader err = new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8));
            String line = err.readLine();
            assertThat(line).as("the server's first line").contains("metrics at http://127.0.0.1:");
            String uri = line.replaceAll(".* at (http://127\\.0\\.0\\.1:\\d+).*", "$1");
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> resolved = http.send(HttpRequest.newBuilder(URI.create(uri
                    + "/api/v1/models/fraud/versions/1.0.0")).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(uri + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            HttpResponse<String> scraped = http.send(HttpRequest.newBuilder(URI.create(uri + "/metrics"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(scraped.statusCode()).isEqualTo(200);
            assertThat(scraped.body()).contains("jmreg_operations_seconds_count{operation=\"resolve\",outcome=\"ok\"}");
        } finally {
            server.destroy();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        Launcher.Result without = jmreg.run("serve", "--help");
        assertThat(without.ok().out()).contains("--metrics").contains("--metrics-public");
    }
}
