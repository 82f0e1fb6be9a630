package io.jmreg.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code jmreg login}, {@code logout} and {@code whoami} against a served registry, with a private credential file. */
class CliLoginIT {
    @TempDir
    Path temp;

    @Test
    void loginKeepsACheckedTokenInAPrivateFileThatLaterCommandsUse() throws Exception {
        Launcher jmreg = new Launcher();
        jmreg.env.put("REGISTRY_URI", "file:" + temp.resolve("store"));
        jmreg.env.put("REGISTRY_CACHE", temp.resolve("cache").toString());
        jmreg.env.put("REGISTRY_PRINCIPAL", "ci");
        jmreg.run("init").ok();
        assertThat(jmreg.run("whoami").ok().out().strip()).isEqualTo("ci");
        Path tokens = temp.resolve("tokens");
        String token = jmreg.run("-q", "token", "alice", "--append", tokens.toString()).ok().out().strip();

        ProcessBuilder pb = new ProcessBuilder(Launcher.PATH.toString(), "serve", "--tokens", tokens.toString(), "--port",
                "0", "--no-ui");
        pb.environment().keySet().removeIf(k -> k.startsWith("REGISTRY_") || k.startsWith("JMREG_"));
        pb.environment().putAll(jmreg.env);
        Process server = pb.start();
        try {
            String line = new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8))
                    .readLine();
            String uri = line.replaceAll(".* at (http://127\\.0\\.0\\.1:\\d+).*", "$1");
            Path credentials = temp.resolve("home").resolve("jmreg").resolve("credentials");
            Launcher client = new Launcher();
            client.env.put("REGISTRY_URI", uri);
            client.env.put("REGISTRY_CACHE", temp.resolve("client-cache").toString());
            client.env.put("JMREG_CREDENTIALS", credentials.toString());

            client.run("whoami").fails(ExitCodes.USAGE, "bearer token").fails(ExitCodes.USAGE, "run 'jmreg login'");
            Launcher.Result wrong = client.runWithInput("jmr_not-a-token\n", "login");
            assertThat(wrong.exit()).as(wrong.err()).isEqualTo(ExitCodes.UNAUTHENTICATED);
            assertThat(wrong.err()).contains("the bearer token is not valid");
            assertThat(credentials).as("nothing kept for a token the server refused").doesNotExist();

            assertThat(client.runWithInput(token + "\n", "login").ok().out())
                    .startsWith("logged in to " + uri + " as alice");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials.getParent())))
                    .isEqualTo("rwx------");
            assertThat(client.run("whoami").ok().out().strip()).isEqualTo("alice");
            client.run("register", "m", "--version", "1.0.0").ok();
            assertThat(client.run("--json", "info", "m:1.0.0").ok().json().get("created_by").asText()).isEqualTo("alice");
            assertThat(client.run("--json", "whoami").ok().json().get("principal").asText()).isEqualTo("alice");

            assertThat(client.run("logout").ok().out()).startsWith("logged out of " + uri);
            client.run("whoami").fails(ExitCodes.USAGE, "bearer token");
            assertThat(client.run("logout").ok().out()).startsWith("not logged in");
            assertThat(Files.readString(credentials)).doesNotContain(token);
            client.run("logout", "file:" + temp.resolve("store")).fails(ExitCodes.USAGE, "is not a server");
        } finally {
            server.destroy();
            server.waitFor();
        }
    }
}
