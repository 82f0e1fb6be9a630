package io.jmreg.onnx;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.testkit.ReadmeSnippet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's ONNX example compiles and runs as written, against a store where linear-v1 is in production. */
class ReadmeOnnxTest {
    @TempDir
    Path temp;

    @Test
    void theOnnxExampleRunsAsWritten() throws Exception {
        String block = ReadmeSnippet.javaBlock("\n## Serving with ONNX Runtime");
        assertThat(block).contains("OnnxModel.watch").contains("file:/var/models");

        String store = "file:" + temp.resolve("store");
        Path dir = Files.createDirectories(temp.resolve("train"));
        try (InputStream in = getClass().getResourceAsStream("/onnx/linear-v1.onnx")) {
            Files.write(dir.resolve("model.onnx"), in.readAllBytes());
        }
        try (ModelRegistry trainer = ModelRegistry.open(RegistryOptions.builder(store).cacheDirectory(temp.resolve("c")).build())) {
            ModelVersion v = trainer.registerModel(Registration.builder("linear").version("1.0.0").artifacts(dir).build());
            for (String stage : new String[] {"testing", "staging", "production"}) {
                trainer.lifecycle().promote(v.reference(), stage);
            }
            trainer.lifecycle().deploy(v.reference(), "production", "http://127.0.0.1/linear", 1);
        }

        String printed = ReadmeSnippet.run(temp, "OnnxExample", List.of("io.jmreg.api.*", "io.jmreg.onnx.OnnxModel",
                "io.jmreg.serving.WatchedModel", "java.time.Duration"), block.replace("file:/var/models", store));
        assertThat(printed).contains("linear:1.0.0 scores 4.75");
    }
}
