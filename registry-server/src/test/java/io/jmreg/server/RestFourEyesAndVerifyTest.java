package io.jmreg.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditProblem.Kind;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.audit.AuditVerification;
import io.jmreg.api.lifecycle.Approval;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over REST: four eyes stored with the policy holds for a server started with the default stage machine, the refused
 * self-approval is audited as REFUSED, and verify (REST and remote client) fails on a forged model log entry.
 */
class RestFourEyesAndVerifyTest {
    @TempDir
    Path temp;
    private final TestServers servers = new TestServers();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() throws Exception {
        servers.closeAll();
    }

    private HttpResponse<String> post(TestServers.Running s, String path, String token, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(s.server().uri() + path)).header("Authorization",
                "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aStoredApprovalHoldsOverRestAndAForgedLogEntryFailsVerify() throws Exception {
        TestServers.Running s = servers.start(temp);
        ModelRegistry r = s.registry();
        r.access().install(AccessPolicy.builder().grant("server", "model_admin").grant("admin", "model_admin")
                .grant("alice", "ml_engineer").grant("bob", "ml_engineer")
                .requireApproval("production", Approval.OTHER_PRINCIPAL).build());
        r.registerModel(Registration.builder("m").version("2.0.0").build());
        r.lifecycle().promote("m:2.0.0", "testing");
        r.lifecycle().promote("m:2.0.0", "staging");

        String promote = "/api/v1/models/m/versions/2.0.0/promote";
        String approve = "/api/v1/models/m/versions/2.0.0/approve";
        HttpResponse<String> requested = post(s, promote, TestServers.ALICE_TOKEN, "{\"stage\": \"production\"}");
        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(200);
        assertThat(r.resolve("m:2.0.0").stage()).as("only requested").isEqualTo("staging");
        HttpResponse<String> self = post(s, approve, TestServers.ALICE_TOKEN, "{\"stage\": \"production\"}");
        assertThat(self.statusCode()).as(self.body()).isEqualTo(403);
        JsonNode error = new ObjectMapper().readTree(self.body());
        assertThat(error.path("code").asText()).isEqualTo("access_denied");
        assertThat(error.path("details").path("principal").asText()).isEqualTo("alice");
        assertThat(error.path("details").path("permission").asText()).isEqualTo("models:promote");
        assertThat(error.path("details").path("resource").asText()).isEqualTo("m:2.0.0");
        assertThat(error.path("details").path("reason").asText()).startsWith("separation of duties: 'alice' requested");
        assertThat(error.path("message").asText()).contains("separation of duties");
        assertThat(r.audit().query(AuditQuery.all().action("approve"))).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(AuditEntry.Outcome.REFUSED);
            assertThat(e.details()).containsEntry("refused", "separation_of_duties").containsEntry("source", "127.0.0.1")
                    .containsEntry("permission", "models:promote").containsEntry("denied", "m:2.0.0");
        });
        assertThat(post(s, approve, TestServers.BOB_TOKEN, "{\"stage\": \"production\"}").statusCode()).isEqualTo(200);
        assertThat(r.resolve("m:2.0.0").stage()).isEqualTo("production");

        Path log = Path.of(URI.create(s.storeUri().replace("file:", "file://"))).resolve("models/m/log");
        Path last;
        try (Stream<Path> files = Files.list(log)) {
            last = files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().reduce((a, b) -> b)
                    .orElseThrow();
        }
        long seq = Long.parseLong(last.getFileName().toString().replace(".json", ""));
        Files.writeString(log.resolve(String.format("%020d.json", seq + 1)), Files.readString(last)
                .replace("\"seq\":" + seq, "\"seq\":" + (seq + 1)));
        HttpResponse<String> verify = post(s, "/api/v1/audit/verify", TestServers.ADMIN_TOKEN,
                "{\"model_logs\": true, \"max_audit_lag_millis\": 0}");
        assertThat(verify.statusCode()).as(verify.body()).isEqualTo(200);
        assertThat(verify.body()).contains("\"UNAUDITED\"").contains("\"pending_count\":0");
        assertThat(post(s, "/api/v1/audit/verify", TestServers.ADMIN_TOKEN, "{\"model_logs\": true, "
                + "\"max_audit_lag_millis\": 0, \"tolerate_unaudited\": true}").body()).doesNotContain("\"problem\"")
                .contains("\"unaudited_count\":1");
        HttpResponse<String> byDefault = post(s, "/api/v1/audit/verify", TestServers.ADMIN_TOKEN,
                "{\"max_audit_lag_millis\": 0}");
        assertThat(byDefault.body()).as("model logs are checked unless excluded, as jmreg audit verify does")
                .contains("\"UNAUDITED\"");
        JsonNode empty = new ObjectMapper().readTree(post(s, "/api/v1/audit/verify", TestServers.ADMIN_TOKEN, "{}").body());
        assertThat(empty.path("log_entries").asLong()).as("{} checks the model logs").isPositive();
        JsonNode chainOnly = new ObjectMapper().readTree(post(s, "/api/v1/audit/verify", TestServers.ADMIN_TOKEN,
                "{\"model_logs\": false, \"max_audit_lag_millis\": 0}").body());
        assertThat(chainOnly.path("log_entries").asLong()).isZero();
        assertThat(chainOnly.has("problem")).as("the forged log entry is outside the chain").isFalse();

        try (ModelRegistry client = TestServers.client(s.server().uri().toString(), TestServers.ADMIN_TOKEN,
                temp.resolve("client-cache"))) {
            var report = client.audit().verify(AuditVerification.trusting()
                    .withMaxAuditLag(Duration.ZERO));
            assertThat(report.valid()).isFalse();
            assertThat(report.problem().kind()).isEqualTo(Kind.UNAUDITED);
        }
    }
}
