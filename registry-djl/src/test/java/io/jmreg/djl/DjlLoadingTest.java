package io.jmreg.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.exceptions.UntrustedVersionException;
import io.jmreg.api.exceptions.VersionNotFoundException;
import io.jmreg.api.signing.SignatureOptions;
import io.jmreg.api.signing.SigningKeys;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DJL's {@code Criteria} loads {@code jmreg://linear@production} through the registry, offline, with the OnnxRuntime
 * engine, and the model predicts the numbers its weights give (the model of registry-onnx's tests).
 */
class DjlLoadingTest {
    @TempDir
    static Path temp;

    @BeforeAll
    static void offline() {
        System.setProperty("ai.djl.offline", "true"); // DJL must not download an engine or a model
        System.setProperty("DJL_CACHE_DIR", temp.resolve("djl-cache").toString());
    }

    private static void release(ModelRegistry registry, String resource, String version) throws Exception {
        Path dir = Files.createDirectories(temp.resolve("train-" + version));
        try (InputStream in = Files.newInputStream(Path.of("../registry-onnx/src/test/resources/onnx", resource))) {
            Files.write(dir.resolve("model.onnx"), in.readAllBytes());
        }
        var v = registry.registerModel(Registration.builder("linear").version(version).artifacts(dir).build());
        for (String stage : new String[] {"testing", "staging", "production"}) {
            registry.lifecycle().promote(v.reference(), stage);
        }
        registry.lifecycle().deploy(v.reference(), "production", "http://127.0.0.1/linear", 1);
    }

    private static float predict(String url, float... features) throws Exception {
        Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class).optModelUrls(url)
                .optModelName("model").optEngine("OnnxRuntime").optTranslator(new NoopTranslator()).build();
        try (ZooModel<NDList, NDList> model = criteria.loadModel();
             Predictor<NDList, NDList> predictor = model.newPredictor();
             NDManager manager = NDManager.newBaseManager("OnnxRuntime")) {
            NDArray input = manager.create(new float[][] {features});
            return predictor.predict(new NDList(input)).singletonOrThrow().toFloatArray()[0];
        }
    }

    @Test
    void criteriaLoadsTheProductionModelThroughTheRegistry() throws Exception {
        try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder("file:" + temp.resolve("store"))
                .cacheDirectory(temp.resolve("cache")).build())) {
            JmregRepositoryFactory.install(registry);
            release(registry, "linear-v1.onnx", "1.0.0");
            assertThat(predict("jmreg://linear@production", 1, 2, 3)).isCloseTo(4.75f, within(1e-5f));
            release(registry, "linear-v2.onnx", "2.0.0");
            assertThat(predict("jmreg://linear@production", 1, 2, 3)).isCloseTo(5f, within(1e-5f));
            assertThat(predict("jmreg://linear:1.0.0", 0, 0, 0)).isCloseTo(0.25f, within(1e-5f));
            assertThatThrownBy(() -> predict("jmreg://linear:9.0.0", 0, 0, 0))
                    .isInstanceOf(VersionNotFoundException.class);
        }
    }

    @Test
    void aRegistryRequiringSignaturesRefusesAnUnsignedModel() throws Exception {
        try (ModelRegistry trainer = ModelRegistry.open(RegistryOptions.builder("file:" + temp.resolve("unsigned"))
                .cacheDirectory(temp.resolve("c1")).build());
             ModelRegistry strict = ModelRegistry.open(RegistryOptions.builder("file:" + temp.resolve("unsigned"))
                     .cacheDirectory(temp.resolve("c2")).signatures(SignatureOptions.requiring(
                             SigningKeys.generate().getPublic())).build())) {
            release(trainer, "linear-v1.onnx", "1.0.0");
            JmregRepositoryFactory.install(strict);
            assertThatThrownBy(() -> predict("jmreg://linear@production", 1, 2, 3))
                    .isInstanceOf(UntrustedVersionException.class);
        }
    }

    @Test
    void urlsNameReferences() {
        assertThat(JmregRepositoryFactory.reference(URI.create("jmreg://linear@production"))).isEqualTo("linear@production");
        assertThat(JmregRepositoryFactory.reference(URI.create("jmreg://team/fraud@production")))
                .isEqualTo("team/fraud@production");
        assertThatThrownBy(() -> JmregRepositoryFactory.reference(URI.create("https://linear@production")))
                .hasMessageContaining("not a jmreg URL");
    }
}
