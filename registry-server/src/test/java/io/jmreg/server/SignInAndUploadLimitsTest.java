package io.jmreg.server;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.access.Scope;
import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's sign-in: bad and expired tokens audited (no token material) and throttled per source address; the
 * token file reloaded without a restart; uploads need {@code create} and are bounded per principal.
 */
class SignInAndUploadLimitsTest {
    @TempDir
    Path temp;
    private ModelRegistry registry;
    private RegistryServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    private HttpResponse<String> call(String method, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.uri() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<AuditEntry> signIns() {
        return registry.audit().query(AuditQuery.all().action("sign_in"));
    }

    @Test
    void badTokensAreAuditedAndThrottledTheTokenFileReloadsAndUploadsAreBounded() throws Exception {
        registry = ModelRegistry.open(RegistryOptions.builder("file:" + temp.resolve("store")).principal("server")
                .cacheDirectory(temp.resolve("cache")).build());
        registry.access().install(AccessPolicy.builder().grant("server", "model_admin").grant("viewer", "viewer")
                .grant("alice", Scope.models("medical/*"), "model_developer").build());
        Path tokenFile = temp.resolve("tokens");
        Files.write(tokenFile, List.of(
                Tokens.line("alice", "jmr_alice", false),
                Tokens.line("viewer", "jmr_viewer", false) + " expires=2999-01-01T00:00:00Z",
                Tokens.line("bob", "jmr_bob", false) + " expires=" + Instant.now().minusSeconds(60),
                Tokens.line("erin", "jmr_erin", false)));
        server = RegistryServer.start(ServerOptions.builder(registry, Tokens.load(tokenFile)).port(0)
                .uploadDirectory(temp.resolve("uploads")).stopTimeout(Duration.ofSeconds(2))
                .signInThrottle(5, Duration.ofMinutes(1)).maxPendingUploads(2).build());

        assertThat(call("GET", "/api/v1/models", "jmr_viewer").statusCode()).as("expires in the future").isEqualTo(200);
        HttpResponse<String> expired = call("GET", "/api/v1/models", "jmr_bob");
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.body()).contains("expired");
        assertThat(signIns()).singleElement().satisfies(e -> {
            assertThat(e.principal()).isEqualTo("anonymous");
            assertThat(e.outcome()).isEqualTo(AuditEntry.Outcome.DENIED);
            assertThat(e.details()).containsEntry("reason", "expired").containsEntry("source", "127.0.0.1")
                    .containsKey("client");
            assertThat(e.details().toString()).doesNotContain("jmr_bob").doesNotContain(Tokens.hash("jmr_bob"));
        });

        // uploads: create needed on the model named, at most two waiting per principal
        assertThat(call("POST", "/api/v1/uploads", "jmr_viewer").statusCode()).isEqualTo(403);
        assertThat(call("POST", "/api/v1/uploads?model=legal/x", "jmr_alice").statusCode()).isEqualTo(403);
        assertThat(call("POST", "/api/v1/uploads", "jmr_alice").statusCode()).as("create only within medical/*")
                .isEqualTo(403);
        assertThat(call("POST", "/api/v1/uploads?model=medical/x", "jmr_alice").statusCode()).isEqualTo(201);
        String second = call("POST", "/api/v1/uploads?model=medical/x", "jmr_alice").body();
        HttpResponse<String> third = call("POST", "/api/v1/uploads?model=medical/x", "jmr_alice");
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.body()).contains("too_many_uploads");
        String id = second.replaceAll(".*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        HttpResponse<String> wrongModel = http.send(HttpRequest.newBuilder(URI.create(server.uri()
                        + "/api/v1/models/medical%2Fy/versions")).header("Authorization", "Bearer jmr_alice")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"registration\": {\"name\": \"medical/y\", \"version\": \"1.0.0\"}, \"upload\": \"" + id
                                + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongModel.statusCode()).as(wrongModel.body()).isEqualTo(400);
        assertThat(wrongModel.body()).contains("was made for model 'medical/x'");
        assertThat(call("DELETE", "/api/v1/uploads/" + id, "jmr_alice").statusCode()).isEqualTo(204);
        assertThat(call("POST", "/api/v1/uploads?model=medical/x", "jmr_alice").statusCode()).isEqualTo(201);

        // the token file changes while the server runs: dave added, erin revoked
        Files.write(tokenFile, List.of(Tokens.line("alice", "jmr_alice", false),
                Tokens.line("viewer", "jmr_viewer", false), Tokens.line("dave", "jmr_dave", false)));
        Thread.sleep(1_100);
        assertThat(call("GET", "/api/v1/models", "jmr_dave").statusCode()).isEqualTo(200);
        assertThat(call("GET", "/api/v1/models", "jmr_erin").statusCode()).isEqualTo(401);
        Files.write(tokenFile, List.of("not a token line"));
        Thread.sleep(1_100);
        assertThat(call("GET", "/api/v1/models", "jmr_dave").statusCode()).as("a broken file keeps the tokens")
                .isEqualTo(200);

        // failures 3, 4, 5 from this address; the sixth attempt is refused even with a valid token
        for (int i = 0; i < 3; i++) {
            assertThat(call("GET", "/api/v1/models", "jmr_guess" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> throttled = call("GET", "/api/v1/models", "jmr_dave");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
        assertThat(call("GET", "/api/v1/models", "jmr_guess9").statusCode()).isEqualTo(429);
        assertThat(signIns()).extracting(e -> e.details().get("reason"))
                .containsExactly("expired", "unknown", "unknown", "unknown", "unknown", "throttled");
    }
}
