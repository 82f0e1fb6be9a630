package io.jmreg.micrometer;

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

/** The README's Metrics example compiles and runs as written (its store pointed at a temporary directory). */
class ReadmeMetricsTest {
    @TempDir
    Path temp;

    @Test
    void theMetricsExampleRunsAsWritten() throws Exception {
        Path readme = Path.of("README.md");
        if (!Files.exists(readme)) {
            readme = Path.of("..", "README.md");
        }
        String text = Files.readString(readme);
        int section = text.indexOf("\n## Metrics\n");
        int start = text.indexOf("```java\n", section) + "```java\n".length();
        String block = text.substring(start, text.indexOf("```", start));
        assertThat(block).contains("new RegistryMetrics(prometheus)").contains("file:/var/models");
        String source = String.join("\n",
                "import io.jmreg.api.*;",
                "import io.jmreg.api.observe.OperationObserver;",
                "import io.jmreg.micrometer.RegistryMetrics;",
                "import io.jmreg.opentelemetry.RegistryTracing;",
                "import io.micrometer.prometheusmetrics.PrometheusConfig;",
                "import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;",
                "import io.opentelemetry.api.OpenTelemetry;",
                "import java.util.List;",
                "public class MetricsExample {",
                "    public static void run() throws Exception {",
                block.replace("file:/var/models", "file:" + temp.resolve("store")),
                "    }",
                "}");
        Path src = Files.createDirectories(temp.resolve("src"));
        Files.writeString(src.resolve("MetricsExample.java"), source);
        Path classes = Files.createDirectories(temp.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, null, errors, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                src.resolve("MetricsExample.java").toString());
        assertThat(rc).as("javac:%n%s%n%s", errors, source).isZero();

        String home = System.getProperty("user.home");
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setProperty("user.home", temp.resolve("home").toString());
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            loader.loadClass("MetricsExample").getMethod("run").invoke(null);
        } finally {
            System.setOut(out);
            System.setProperty("user.home", home);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("jmreg_operations_seconds_count{operation=\"resolve\",outcome=\"ok\"} 1");
    }
}
