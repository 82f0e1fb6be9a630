package io.jmreg.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two {@code jmreg serve} processes on one store with one {@code --shared-secret-file}: a browser session made by
 * one is accepted by the other; a secret shorter than 32 bytes is a usage error.
 */
class CliServeSharedSecretIT {
    @TempDir
    Path temp;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final List<Process> servers = new ArrayList<>();

    @Test
    void aSessionSignedInOnOneServerIsValidOnTheOther() throws Exception {
        Launcher jmreg = new Launcher();
        jmreg.env.put("REGISTRY_URI", "file:" + temp.resolve("store"));
        jmreg.env.put("REGISTRY_CACHE", temp.resolve("cache").toString());
        jmreg.run("init").ok();
        Path tokens = temp.resolve("tokens");
        String token = jmreg.run("-q", "token", "alice", "--append", tokens.toString()).ok().out().strip();
        Path shortSecret = Files.writeString(temp.resolve("short"), "too short");
        jmreg.run("serve", "--tokens", tokens.toString(), "--shared-secret-file", shortSecret.toString())
                .fails(ExitCodes.USAGE, "at least 32 bytes");
        Path secret = Files.writeString(temp.resolve("secret"), "4f1c2a9e7b3d5f60718293a4b5c6d7e8f9012345678");
        try {
            String a = serve(jmreg, tokens, secret);
            String b = serve(jmreg, tokens, secret);
            HttpResponse<String> form = http.send(HttpRequest.newBuilder(URI.create(a + "/signin")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String csrf = cookie(form, "jmreg_signin");
            HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create(a + "/signin"))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", "jmreg_signin=" + csrf)
                    .POST(HttpRequest.BodyPublishers.ofString("csrf=" + csrf + "&next=%2Fmodels&token="
                            + URLEncoder.encode(token, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(303);
            String session = cookie(signedIn, "jmreg_session");
            HttpResponse<String> onB = http.send(HttpRequest.newBuilder(URI.create(b + "/models"))
                    .header("Cookie", "jmreg_session=" + session).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(onB.statusCode()).as(onB.body()).isEqualTo(200);
            assertThat(onB.body()).contains("alice");
        } finally {
            for (Process p : servers) {
                p.destroy();
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    private String serve(Launcher jmreg, Path tokens, Path secret) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Launcher.PATH.toString(), "serve", "--tokens", tokens.toString(), "--port",
                "0", "--no-access-log", "--shared-secret-file", secret.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("REGISTRY_") || k.startsWith("JMREG_"));
        pb.environment().putAll(jmreg.env);
        Process server = pb.start();
        servers.add(server);
        BufferedReader err = new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8));
        String line = err.readLine();
        assertThat(line).as("the server's first line").contains("http://127.0.0.1:");
        return line.replaceAll(".* at (http://127\\.0\\.0\\.1:\\d+).*", "$1");
    }

    private static String cookie(HttpResponse<?> r, String name) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
                .map(c -> c.substring(name.length() + 1, c.indexOf(';'))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + r.headers().map()));
    }
}
