package io.jmreg.micrometer;

import io.jmreg.testkit.ReadmeSnippet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's Metrics example compiles and runs as written (its store pointed at a temporary directory). */
class ReadmeMetricsTest {
    @TempDir
    Path temp;

    @Test
    void theMetricsExampleRunsAsWritten() throws Exception {
        String block = ReadmeSnippet.javaBlock("\n## Metrics\n");
        assertThat(block).contains("new RegistryMetrics(prometheus)").contains("file:/var/models");
        String printed = ReadmeSnippet.run(temp, "MetricsExample", List.of("io.jmreg.api.*",
                "io.jmreg.api.observe.OperationObserver", "io.jmreg.micrometer.RegistryMetrics",
                "io.jmreg.opentelemetry.RegistryTracing", "io.micrometer.prometheusmetrics.PrometheusConfig",
                "io.micrometer.prometheusmetrics.PrometheusMeterRegistry", "io.opentelemetry.api.OpenTelemetry",
                "java.util.List"), block.replace("file:/var/models", "file:" + temp.resolve("store")));
        assertThat(printed).contains("jmreg_operations_seconds_count{operation=\"resolve\",outcome=\"ok\"} 1");
    }
}
