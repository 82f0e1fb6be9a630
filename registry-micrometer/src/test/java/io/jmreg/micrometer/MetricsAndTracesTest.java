package io.jmreg.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.VersionNotFoundException;
import io.jmreg.api.observe.OperationObserver;
import io.jmreg.opentelemetry.RegistryTracing;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real registry reports its operations as Micrometer meters and OpenTelemetry spans. */
class MetricsAndTracesTest {
    @TempDir
    Path temp;

    @Test
    void operationsBecomeTimersCountersAndSpans() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(spans)).build()).build()) {
            Path files = Files.createDirectories(temp.resolve("model"));
            Files.write(files.resolve("weights.bin"), new byte[1000]);
            RegistryOptions options = RegistryOptions.builder("mem:metrics").cacheDirectory(temp.resolve("cache"))
                    .principal("trainer").observer(OperationObserver.all(List.of(
                            new RegistryMetrics(meters, Tags.of("store", "test")), new RegistryTracing(otel))))
                    .build();
            try (ModelRegistry registry = ModelRegistry.open(options)) {
                registry.registerModel(Registration.builder("fraud").version("1.0.0").artifacts(files).build());
                registry.setAlias("fraud", "production", "1.0.0");
                for (int i = 0; i < 5; i++) {
                    registry.resolve("fraud@production");
                }
                registry.pull("fraud@production");
                registry.pull("fraud@production");
                assertThatThrownBy(() -> registry.resolve("fraud:9.9.9")).isInstanceOf(VersionNotFoundException.class);
                registry.access().install(AccessPolicy.builder().grant("trainer", "model_admin").build());
                assertThatThrownBy(() -> registry.as("eve").resolve("fraud@production"))
                        .isInstanceOf(AccessDeniedException.class);
            }

            assertThat(meters.get(RegistryMetrics.OPERATIONS).tags("operation", "resolve", "outcome", "ok", "store", "test")
                    .functionTimer().count()).isEqualTo(5);
            assertThat(meters.get(RegistryMetrics.OPERATIONS).tags("operation", "resolve", "outcome", "refused").functionTimer()
                    .count()).isEqualTo(1);
            assertThat(meters.get(RegistryMetrics.OPERATIONS).tags("operation", "resolve", "outcome", "denied").functionTimer()
                    .count()).isEqualTo(1);
            assertThat(meters.get(RegistryMetrics.OPERATIONS).tags("operation", "register", "outcome", "ok").functionTimer()
                    .totalTime(TimeUnit.NANOSECONDS)).isPositive();
            assertThat(meters.get("jmreg.bytes.uploaded").counter().count()).isEqualTo(1000);
            assertThat(meters.get("jmreg.bytes.downloaded").counter().count()).isEqualTo(1000);
            assertThat(meters.get("jmreg.cache.misses").counter().count()).isEqualTo(1);
            assertThat(meters.get("jmreg.cache.hits").counter().count()).isEqualTo(1);
            assertThat(meters.get("jmreg.commit.retries").counter().count()).isZero();
            assertThat(meters.get("jmreg.outcomes.unknown").counter().count()).isZero();

            List<SpanData> finished = spans.getFinishedSpanItems();
            SpanData pull = finished.stream().filter(s -> s.getName().equals("jmreg pull")).findFirst().orElseThrow();
            assertThat(pull.getAttributes().get(AttributeKey.stringKey("jmreg.model"))).isEqualTo("fraud");
            assertThat(pull.getAttributes().get(AttributeKey.stringKey("jmreg.version"))).isEqualTo("1.0.0");
            assertThat(pull.getAttributes().get(AttributeKey.stringKey("jmreg.outcome"))).isEqualTo("ok");
            assertThat(pull.getAttributes().get(AttributeKey.longKey("jmreg.bytes.downloaded"))).isEqualTo(1000L);
            String trainerHash = pull.getAttributes().get(AttributeKey.stringKey("jmreg.principal.hash"));
            assertThat(trainerHash).hasSize(16).doesNotContain("trainer");
            SpanData denied = finished.stream().filter(s -> "denied".equals(s.getAttributes()
                    .get(AttributeKey.stringKey("jmreg.outcome")))).findFirst().orElseThrow();
            assertThat(denied.getName()).isEqualTo("jmreg resolve");
            assertThat(denied.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(denied.getAttributes().get(AttributeKey.stringKey("jmreg.principal.hash")))
                    .isNotEqualTo(trainerHash);
            assertThat(finished).filteredOn(s -> s.getName().equals("jmreg resolve")).hasSize(7);
        }
    }

    @Test
    void hotReadsAreAllCountedAndTheirSampledTimeScaled() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder("mem:hot")
                .cacheDirectory(temp.resolve("cache")).observer(new RegistryMetrics(meters)).build())) {
            registry.registerModel(Registration.builder("fraud").version("1.0.0").build());
            registry.setAlias("fraud", "production", "1.0.0");
            for (int i = 0; i < 2000; i++) {
                registry.resolve("fraud@production");
            }
        }
        FunctionTimer resolves = meters.get(RegistryMetrics.OPERATIONS)
                .tags("operation", "resolve", "outcome", "ok").functionTimer();
        assertThat(resolves.count()).isEqualTo(2000);
        assertThat(resolves.mean(TimeUnit.NANOSECONDS)).isPositive()
                .isLessThan(50_000_000); // a cached resolve: far below 50 ms
        assertThat(meters.get(RegistryMetrics.OPERATIONS).tags("operation", "set_alias").functionTimer().count())
                .isEqualTo(1);
    }
}
