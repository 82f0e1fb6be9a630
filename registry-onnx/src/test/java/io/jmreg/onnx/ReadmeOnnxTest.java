package io.jmreg.onnx;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.model.ModelVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's ONNX example compiles and runs as written, against a store where linear-v1 is in production. */
class ReadmeOnnxTest {
    @TempDir
    Path temp;

    @Test
    void theOnnxExampleRunsAsWritten() throws Exception {
        Path readme = Path.of("README.md");
        if (!Files.exists(readme)) {
            readme = Path.of("..", "README.md");
        }
        String text = Files.readString(readme);
        int section = text.indexOf("\n## Serving with ONNX Runtime");
        int start = text.indexOf("```java\n", section) + "```java\n".length();
        String block = text.substring(start, text.indexOf("```", start));
        assertThat(block).contains("OnnxModel.watch").contains("file:/var/models");

        String store = "file:" + temp.resolve("store");
        Path dir = Files.createDirectories(temp.resolve("train"));
        try (InputStream in = getClass().getResourceAsStream("/onnx/linear-v1.onnx")) {
            Files.write(dir.resolve("model.onnx"), in.readAllBytes());
        }
        try (ModelRegistry trainer = ModelRegistry.open(RegistryOptions.builder(store).cacheDirectory(temp.resolve("c")).build())) {
            ModelVersion v = trainer.registerModel(Registration.builder("linear").version("1.0.0").artifacts(dir).build());
            for (String stage : new String[] {"testing", "staging", "production"}) {
                trainer.promote(v.reference(), stage);
            }
            trainer.deploy(v.reference(), "production", "http://127.0.0.1/linear", 1);
        }

        String source = String.join("\n",
                "import io.jmreg.api.*;",
                "import io.jmreg.onnx.OnnxModel;",
                "import io.jmreg.serving.WatchedModel;",
                "import java.time.Duration;",
                "public class OnnxExample {",
                "    public static void run() throws Exception {",
                block.replace("file:/var/models", store),
                "    }",
                "}");
        Path src = Files.createDirectories(temp.resolve("src"));
        Files.writeString(src.resolve("OnnxExample.java"), source);
        Path classes = Files.createDirectories(temp.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, null, errors, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                src.resolve("OnnxExample.java").toString());
        assertThat(rc).as("javac:%n%s%n%s", errors, source).isZero();

        String home = System.getProperty("user.home");
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setProperty("user.home", temp.resolve("home").toString());
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            loader.loadClass("OnnxExample").getMethod("run").invoke(null);
        } finally {
            System.setOut(out);
            System.setProperty("user.home", home);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("linear:1.0.0 scores 4.75");
    }
}
