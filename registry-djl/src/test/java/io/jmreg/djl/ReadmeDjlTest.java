package io.jmreg.djl;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's DJL example compiles and runs as written, offline, against a registry with the model in production. */
class ReadmeDjlTest {
    @TempDir
    Path temp;

    @Test
    void theDjlExampleRunsAsWritten() throws Exception {
        System.setProperty("ai.djl.offline", "true");
        Path readme = Path.of("README.md");
        if (!Files.exists(readme)) {
            readme = Path.of("..", "README.md");
        }
        String text = Files.readString(readme);
        int start = text.indexOf("```java\nJmregRepositoryFactory.install") + "```java\n".length();
        String block = text.substring(start, text.indexOf("```", start));
        String source = String.join("\n",
                "import ai.djl.inference.Predictor;",
                "import ai.djl.ndarray.NDList;",
                "import ai.djl.ndarray.NDManager;",
                "import ai.djl.repository.zoo.Criteria;",
                "import ai.djl.repository.zoo.ZooModel;",
                "import ai.djl.translate.NoopTranslator;",
                "import io.jmreg.api.ModelRegistry;",
                "import io.jmreg.djl.JmregRepositoryFactory;",
                "public class DjlExample {",
                "    public static void run(ModelRegistry registry) throws Exception {",
                block,
                "    }",
                "}");
        Path src = Files.createDirectories(temp.resolve("src"));
        Files.writeString(src.resolve("DjlExample.java"), source);
        Path classes = Files.createDirectories(temp.resolve("classes"));
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, errors, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                src.resolve("DjlExample.java").toString());
        assertThat(rc).as("javac:%n%s%n%s", errors, source).isZero();

        Path dir = Files.createDirectories(temp.resolve("train"));
        Files.copy(Path.of("../registry-onnx/src/test/resources/onnx/linear-v1.onnx"), dir.resolve("model.onnx"));
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder("file:" + temp.resolve("store"))
                .cacheDirectory(temp.resolve("cache")).build());
             URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            var v = registry.registerModel(Registration.builder("linear").version("1.0.0").artifacts(dir).build());
            registry.setAlias("linear", "production", v.version());
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            loader.loadClass("DjlExample").getMethod("run", ModelRegistry.class).invoke(null, registry);
        } finally {
            System.setOut(out);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("scores 4.75");
    }
}
