package io.jmreg.server;

import io.jmreg.api.Registration;
import io.jmreg.micrometer.RegistryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /metrics} serves the registry's Prometheus text, to token holders unless configured public. */
class MetricsRouteTest {
    @TempDir
    Path temp;
    private final TestServers servers = new TestServers();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() throws Exception {
        servers.closeAll();
    }

    private HttpResponse<String> get(TestServers.Running running, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(running.server().uri() + "/metrics"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void metricsNeedATokenLikeTheApi() throws Exception {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        TestServers.Running running = servers.start(temp, r -> r.observer(new RegistryMetrics(prometheus)),
                s -> s.metrics(prometheus::scrape, false));
        running.registry().registerModel(Registration.builder("fraud").version("1.0.0").build());
        running.registry().resolve("fraud:1.0.0");

        HttpResponse<String> anonymous = get(running, null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).doesNotContain("jmreg_operations");

        HttpResponse<String> scraped = get(running, TestServers.VIEWER_TOKEN);
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(scraped.body()).contains("jmreg_operations_seconds_count{operation=\"resolve\",outcome=\"ok\"} 1")
                .contains("jmreg_operations_seconds_count{operation=\"register\",outcome=\"ok\"} 1");
    }

    @Test
    void metricsMayBePublic() throws Exception {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        TestServers.Running running = servers.start(temp, r -> r.observer(new RegistryMetrics(prometheus)),
                s -> s.metrics(prometheus::scrape, true).webUi(true));
        HttpResponse<String> anonymous = get(running, null);
        assertThat(anonymous.statusCode()).isEqualTo(200);
        assertThat(anonymous.body()).contains("jmreg_cache_hits_total 0.0");
    }
}
