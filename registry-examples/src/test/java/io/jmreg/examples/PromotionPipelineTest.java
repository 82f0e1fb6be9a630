package io.jmreg.examples;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.lifecycle.EnvironmentDeployment;
import io.jmreg.api.lifecycle.TrafficSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PromotionPipelineTest {
    @TempDir
    Path temp;

    @Test
    void thePipelineGatesPromotesDeploysAndRollsBack() {
        try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder("mem:").cacheDirectory(temp.resolve("c")).build())) {
            List<String> log = PromotionPipelineExample.run(registry, temp);
            assertThat(log).anyMatch(l -> l.startsWith("gate refused sentiment:0.2.0"));
            assertThat(registry.resolve("sentiment:0.2.0").stage()).isEqualTo("testing");
            assertThat(registry.resolve("sentiment:0.3.0").stage()).isEqualTo("production");
            EnvironmentDeployment now = registry.lifecycle().deployments("sentiment").get("production");
            assertThat(now.splits()).containsExactly(new TrafficSplit("0.1.0", 100));
            assertThat(registry.resolve("sentiment@production").version()).isEqualTo("0.1.0");
            assertThat(log).anyMatch(l -> l.contains("event ROLLED_BACK"));
        }
    }
}
