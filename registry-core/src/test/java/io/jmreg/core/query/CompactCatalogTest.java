package io.jmreg.core.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.model.ModelInfo;
import io.jmreg.api.model.ModelSummary;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.search.SearchRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog keeps its records compact (shared names, unboxed metrics, shared sub-records); a new instance that
 * loads them from the store answers exactly as the instance that registered them: metrics of the same name across
 * models keep each their own value, tags with unusual characters stay distinct.
 */
class CompactCatalogTest {
    @TempDir
    Path temp;

    @Test
    void aNewInstanceSeesTheSameRecordsAndAnswersTheSame() {
        String uri = "mem:compact-catalog-" + UUID.randomUUID(); // named: shared by the two instances
        List<ModelVersion> registered = new ArrayList<>();
        try (ModelRegistry r = open(uri, "a")) {
            for (int m = 0; m < 3; m++) {
                for (int v = 0; v < 4; v++) {
                    registered.add(r.registerModel(Registration.builder("model-" + m).version("1." + v + ".0")
                            .owner("team-" + (m % 2)).tags(v % 2 == 0 ? "env:eu" : "env:us", "a.b-c_d")
                            .metric("evaluation.acc", m * 0.3 + v * 0.01).metric("loss", -m - v * 0.5)
                            .modelInfo(ModelInfo.builder().baseModel("base-" + (v % 2)).totalParameters(7L + m).build())
                            .custom("run", "r" + m + v).build()));
                }
            }
            registered.set(6, r.updateMetrics("model-1:1.2.0", Map.of("evaluation.acc", 0.99)));
            try (ModelRegistry fresh = open(uri, "b")) {
                check(fresh, registered);
            }
        }
    }

    private static void check(ModelRegistry fresh, List<ModelVersion> registered) {
        List<ModelVersion> loaded = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            loaded.addAll(fresh.listVersions("model-" + m));
        }
        assertThat(loaded).containsExactlyElementsOf(registered);
        assertThat(refs(fresh, "metrics.evaluation.acc:>0.5", "")).containsExactly("model-1:1.2.0",
                "model-2:1.0.0", "model-2:1.1.0", "model-2:1.2.0", "model-2:1.3.0");
        assertThat(refs(fresh, "metrics.loss:<-2.4", "metrics.loss,name")).containsExactly("model-2:1.3.0",
                "model-2:1.2.0", "model-1:1.3.0", "model-2:1.1.0");
        assertThat(refs(fresh, "tags:\"env:eu\" AND name:model-0", "")).containsExactly(
                "model-0:1.0.0", "model-0:1.2.0");
        assertThat(refs(fresh, "tags:\"a.b-c_d\" AND base_model:base-1 AND owner:team-1", "")).containsExactly(
                "model-1:1.1.0", "model-1:1.3.0");
        assertThat(refs(fresh, "", "metrics.evaluation.acc:desc").subList(0, 3)).containsExactly(
                "model-1:1.2.0", "model-2:1.3.0", "model-2:1.2.0");
        assertThat(models(fresh, "metrics.loss:<-2.4", "metrics.loss")).containsExactly("model-2", "model-1");
        assertThat(models(fresh, "metrics.loss:<-2.4", "metrics.loss:desc")).containsExactly("model-1", "model-2");
        assertThat(models(fresh, "tags:\"env:us\"", "")).containsExactly("model-0", "model-1", "model-2");
    }

    private ModelRegistry open(String uri, String cache) {
        return ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(temp.resolve(cache)).build());
    }

    private static List<String> models(ModelRegistry r, String query, String sort) {
        return r.search().models(new SearchRequest(query, sort, 100, null)).items().stream().map(ModelSummary::name)
                .toList();
    }

    private static List<String> refs(ModelRegistry r, String query, String sort) {
        return r.search().versions(new SearchRequest(query, sort, 100, null)).items().stream()
                .map(ModelVersion::reference).toList();
    }
}
