package io.jmreg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.events.RegistryEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A committed change always answers its success status: the events of a large change never overflow a header. */
class ChangeEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path temp;
    private final TestServers servers = new TestServers();
    private TestServers.Running running;

    @BeforeEach
    void start() {
        running = servers.start(temp);
        running.registry().registerModel(Registration.builder("m").version("1.0.0").build());
    }

    @AfterEach
    void stop() throws Exception {
        servers.closeAll();
    }

    private static Map<String, Double> metrics(int n) {
        Map<String, Double> m = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            m.put("evaluation/some_rather_long_metric_name_" + i, i / 7.0);
        }
        return m;
    }

    @Test
    void fiveHundredMetricsInOneUpdateAnswer200WithTheVersion() throws Exception {
        byte[] body = JSON.writeValueAsBytes(Map.of("metrics", metrics(500)));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(running.server().uri() + "/api/v1/models/m/versions/1.0.0/metrics"))
                .header("Authorization", "Bearer " + TestServers.ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode version = JSON.readTree(r.body());
        assertThat(version.get("metrics").size()).isEqualTo(500);
        String events = r.headers().firstValue("Jmreg-Events").orElseThrow();
        assertThat(events.length()).isLessThanOrEqualTo(Exchange.MAX_EVENTS_HEADER);
        JsonNode event = JSON.readTree(Base64.getUrlDecoder().decode(events)).get(0);
        assertThat(event.get("type").asText()).isEqualTo("UPDATED");
        assertThat(event.get("version").asText()).isEqualTo("1.0.0");
        assertThat(running.registry().resolve("m:1.0.0").metrics()).hasSize(500);
    }

    @Test
    void theRemoteClientSeesTheChangeOnceAndHearsItsEvent() throws Exception {
        try (ModelRegistry client = TestServers.client(running.server().uri(), TestServers.ADMIN_TOKEN, temp.resolve("c"))) {
            List<RegistryEvent> heard = new CopyOnWriteArrayList<>();
            client.addListener(heard::add);
            assertThat(client.updateMetrics("m:1.0.0", metrics(2000)).metrics()).hasSize(2000);
            assertThat(heard).extracting(RegistryEvent::type).containsExactly(RegistryEvent.Type.UPDATED);
        }
        assertThat(running.registry().resolve("m:1.0.0").metrics()).hasSize(2000);
    }
}
