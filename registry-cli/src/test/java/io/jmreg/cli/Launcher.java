package io.jmreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The packaged {@code jmreg} launcher run as a child process with a chosen environment (for the CLI tests). */
final class Launcher {
    static final Path PATH = Path.of(System.getProperty("jmreg.launcher", "target/jmreg/bin/jmreg")).toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The environment of the next runs (REGISTRY_* and JMREG_* of the test's own environment are removed). */
    final Map<String, String> env = new HashMap<>();

    /** What a run printed and its exit code. */
    record Result(int exit, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("stdout is not one JSON document: " + out + "\nstderr: " + err, e);
            }
        }

        Result ok() {
            assertThat(exit).as("exit; stdout: %s%nstderr: %s", out, err).isZero();
            return this;
        }

        /** Asserts the exit code, an empty stdout and a first stderr line "jmreg: ..." containing {@code message}. */
        Result fails(int code, String message) {
            assertThat(exit).as("exit; stdout: %s%nstderr: %s", out, err).isEqualTo(code);
            assertThat(out).as("stdout of a failure").isEmpty();
            assertThat(err.lines().findFirst().orElse("")).startsWith("jmreg: ").contains(message);
            return this;
        }
    }

    /** Runs {@code jmreg args} with stdin closed. */
    Result run(String... args) throws Exception {
        return runWithInput(null, args);
    }

    /** Runs {@code jmreg args} with {@code input} on stdin (null: closed at once). */
    Result runWithInput(String input, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(PATH.toString());
        cmd.addAll(List.of(args));
        return exec(cmd, env, input);
    }

    /** Runs any command with {@code env}. */
    static Result exec(List<String> cmd, Map<String, String> env, String input) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("REGISTRY_") || k.startsWith("JMREG_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (input != null) {
            p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", cmd).isTrue();
        return new Result(p.exitValue(), out.get(), err.get());
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
