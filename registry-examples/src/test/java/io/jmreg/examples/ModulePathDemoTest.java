package io.jmreg.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo runs on the module path ({@code java --module-path ... -m io.jmreg.examples/...}): module descriptors
 * are not only compiled but used, and core, the {@code file:} backend and slf4j's provider are found by service
 * binding. Tests otherwise run on the class path, which would hide a missing {@code opens} or {@code provides}.
 */
class ModulePathDemoTest {
    @TempDir
    Path temp;

    @Test
    void theDemoRunsOnTheModulePath() throws Exception {
        String modulePath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.contains("test-classes") && !e.matches(".*(junit|assertj|opentest4j|apiguardian|jqwik|"
                        + "byte-buddy|surefire).*"))
                .collect(Collectors.joining(File.pathSeparator));
        Path log = temp.resolve("demo.log");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", modulePath, "-m", "io.jmreg.examples/io.jmreg.examples.Demo"))
                .directory(temp.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        String output = Files.readString(log);
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains("resolved sentiment@production").contains("-> positive");
    }
}
