package io.jmreg.examples;

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

/**
 * The README's quick start compiles and runs as written: its Java block is cut out of README.md, given imports, its
 * store and artifact paths pointed at a temporary directory, compiled with the JDK's compiler and run.
 */
class ReadmeQuickStartTest {
    @TempDir
    Path temp;

    @Test
    void theQuickStartRunsAsWritten() throws Exception {
        Path readme = Path.of("README.md");
        if (!Files.exists(readme)) {
            readme = Path.of("..", "README.md");
        }
        String text = Files.readString(readme);
        int section = text.indexOf("## Quick start");
        int start = text.indexOf("```java\n", section) + "```java\n".length();
        String block = text.substring(start, text.indexOf("```", start));
        assertThat(block).contains("registerModel").contains("openArtifact").contains("file:/var/models")
                .contains("Path.of(\"out/model\")");

        Path model = Files.createDirectories(temp.resolve("out/model"));
        Files.writeString(model.resolve("config.json"), "{\"labels\": [\"neg\", \"pos\"]}");
        Files.write(model.resolve("weights.bin"), new byte[4096]);
        String body = block.replace("file:/var/models", "file:" + temp.resolve("store"))
                .replace("Path.of(\"out/model\")", "Path.of(\"" + model + "\")");
        String source = String.join("\n",
                "import io.jmreg.api.*;",
                "import io.jmreg.api.model.*;",
                "import java.io.InputStream;",
                "import java.nio.charset.StandardCharsets;",
                "import java.nio.file.Path;",
                "import java.util.List;",
                "import java.util.Map;",
                "public class QuickStart {",
                "    public static void run() throws Exception {",
                body,
                "    }",
                "}");
        Path src = Files.createDirectories(temp.resolve("src"));
        Files.writeString(src.resolve("QuickStart.java"), source);
        Path classes = Files.createDirectories(temp.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, null, errors, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                src.resolve("QuickStart.java").toString());
        assertThat(rc).as("javac:%n%s%n%s", errors, source).isZero();

        String home = System.getProperty("user.home");
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setProperty("user.home", temp.resolve("home").toString()); // the default pull cache lives there
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            loader.loadClass("QuickStart").getMethod("run").invoke(null);
        } finally {
            System.setOut(out);
            System.setProperty("user.home", home);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("\"labels\"");
        assertThat(temp.resolve("home/.cache/jmreg/snapshots/sentiment")).isDirectory();
    }
}
