package io.jmreg.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The npm clients of src/test/node (pinned by its package-lock.json), installed with {@code npm ci} into
 * target/hf-node once per lockfile, and node scripts run there. Where node or npm is missing the tests are skipped
 * with a message, and fail when CI=true.
 */
final class NodeClients {
    private static final Path SOURCE = Path.of("src/test/node");
    private static final Path TARGET = Path.of("target/hf-node");

    private NodeClients() {
    }

    /** Node.js itself (skips, or fails with CI=true, where it is missing). */
    static void requireNode() {
        requireTools(List.of("node"));
    }

    private static void requireTools(List<String> tools) {
        for (String tool : tools) {
            if (!works(tool, "--version")) {
                String message = tool + " is not installed: the Hugging Face JS client tests need Node.js 18+ and npm";
                if ("true".equals(System.getenv("CI"))) {
                    throw new AssertionError(message + " (CI=true: .ci/run installs them)");
                }
                Assumptions.abort(message);
            }
        }
    }

    /** The directory with the clients installed. */
    static synchronized Path install() throws Exception {
        requireTools(List.of("node", "npm"));
        Files.createDirectories(TARGET);
        byte[] lock = Files.readAllBytes(SOURCE.resolve("package-lock.json"));
        Path installedLock = TARGET.resolve("node_modules/.jmreg-installed-lock.json");
        for (String f : List.of("package.json", "package-lock.json", "hf-client.mjs", "hf-bench.mjs")) {
            if (Files.exists(SOURCE.resolve(f))) {
                Files.copy(SOURCE.resolve(f), TARGET.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (!Files.exists(installedLock) || !Arrays.equals(Files.readAllBytes(installedLock), lock)) {
            // --ignore-scripts: onnxruntime-node ships its CPU binaries in the package; its install script would
            // only look for CUDA
            Process p = new ProcessBuilder("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund")
                    .directory(TARGET.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new AssertionError("npm ci failed in " + TARGET.toAbsolutePath() + ":\n" + out);
            }
            Files.write(installedLock, lock);
        }
        return TARGET;
    }

    /** Runs {@code script} with node in {@code dir} and the given environment; its last line of output as JSON. */
    static JsonNode run(Path dir, String script, Map<String, String> env) throws Exception {
        String out = output(dir, script, env);
        return new ObjectMapper().readTree(out.substring(out.lastIndexOf('\n') + 1));
    }

    /** Runs {@code script} with node in {@code dir} and the given environment; its standard output, stripped. */
    static String output(Path dir, String script, Map<String, String> env) throws Exception {
        Path err = Files.createTempFile("node-err", ".txt");
        try {
            ProcessBuilder b = new ProcessBuilder("node", script).directory(dir.toFile())
                    .redirectError(err.toFile());
            b.environment().putAll(env);
            Process p = b.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("node " + script + " did not finish within 2 minutes");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("node " + script + " failed (" + p.exitValue() + "):\n" + out + "\n"
                        + Files.readString(err));
            }
            return out.strip();
        } finally {
            Files.deleteIfExists(err);
        }
    }

    private static boolean works(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
