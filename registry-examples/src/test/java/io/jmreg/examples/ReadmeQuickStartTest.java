package io.jmreg.examples;

import io.jmreg.testkit.ReadmeSnippet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
        String block = ReadmeSnippet.javaBlock("## Quick start");
        assertThat(block).contains("registerModel").contains("openArtifact").contains("file:/var/models")
                .contains("Path.of(\"out/model\")");

        Path model = Files.createDirectories(temp.resolve("out/model"));
        Files.writeString(model.resolve("config.json"), "{\"labels\": [\"neg\", \"pos\"]}");
        Files.write(model.resolve("weights.bin"), new byte[4096]);
        String body = block.replace("file:/var/models", "file:" + temp.resolve("store"))
                .replace("Path.of(\"out/model\")", "Path.of(\"" + model + "\")");
        String printed = ReadmeSnippet.run(temp, "QuickStart", List.of("io.jmreg.api.*", "io.jmreg.api.model.*",
                "java.io.InputStream", "java.nio.charset.StandardCharsets", "java.nio.file.Path", "java.util.List",
                "java.util.Map"), body);
        assertThat(printed).contains("\"labels\"");
        assertThat(temp.resolve("home/.cache/jmreg/snapshots/sentiment")).isDirectory();
    }
}
