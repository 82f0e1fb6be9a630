package io.jmreg.benchmarks;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.server.RegistryServer;
import io.jmreg.server.ServerOptions;
import io.jmreg.server.Tokens;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.jmreg.benchmarks.BenchSupport.deleteTree;
import static io.jmreg.benchmarks.BenchSupport.median;
import static io.jmreg.benchmarks.BenchSupport.seconds;
import static io.jmreg.benchmarks.BenchSupport.writeArtifact;

/**
 * A download through Hugging Face's JS client ({@code @huggingface/hub} downloadFile from the server's {@code /hf/},
 * read as a stream and with arrayBuffer(), the bytes discarded by node) against {@code curl} of the same file from the
 * REST API's download URL (the baseline), with node's own fetch of the REST URL (the client's share) and curl of the
 * {@code /hf/} resolve URL (the server's share) beside them; three rounds, the order reversed every other round;
 * wall-clock times include starting the process. Usage: {@code HfDownloadBenchmark [workDir] [artifactMiB=1024]
 * [nodeClientDir=registry-server/target/hf-node]} (where registry-server's HfJsClientTest installed the pinned npm
 * packages).
 */
public final class HfDownloadBenchmark {
    private static final String TOKEN = "jmr_benchmark-token";

    private HfDownloadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "target/hf-bench").toAbsolutePath();
        long mib = args.length > 1 ? Long.parseLong(args[1]) : 1024;
        Path node = Path.of(args.length > 2 ? args[2] : "registry-server/target/hf-node").toAbsolutePath();
        if (!Files.isDirectory(node.resolve("node_modules/@huggingface/hub"))) {
            throw new IllegalStateException(node + " has no @huggingface/hub: run registry-server's HfJsClientTest once");
        }
        deleteTree(work);
        Path dir = Files.createDirectories(work.resolve("artifact"));
        writeArtifact(dir.resolve("model.safetensors"), mib);
        try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder("file:" + work.resolve("store"))
                .cacheDirectory(work.resolve("cache")).build());
             RegistryServer server = RegistryServer.start(ServerOptions.builder(registry,
                     Tokens.of(Map.of(TOKEN, "bench"))).port(0).webUi(false).build())) {
            registry.registerModel(Registration.builder("acme/big").version("1.0.0").artifacts(dir).build());
            String rest = server.uri() + "/api/v1/models/acme%2Fbig/versions/1.0.0/artifacts/model.safetensors";
            System.out.printf("jmreg /hf/ download benchmark: %d MiB, %d cores%n%n", mib,
                    Runtime.getRuntime().availableProcessors());
            String hfUrl = server.uri() + "/hf/acme/big/resolve/1.0.0/model.safetensors";
            String[] names = {"curl REST", "@huggingface/hub downloadFile, stream", "@huggingface/hub downloadFile, "
                    + "arrayBuffer", "node fetch of the REST URL", "curl /hf/ resolve"};
            double[][] t = new double[names.length][3];
            for (int i = 0; i < 3; i++) {
                // alternating order, so that neither side always runs on a warmer machine
                for (int k = 0; k < names.length; k++) {
                    int m = i % 2 == 0 ? k : names.length - 1 - k;
                    t[m][i] = switch (m) {
                        case 0 -> curl(rest);
                        case 1 -> node(node, server.uri(), "hub", rest, mib);
                        case 2 -> node(node, server.uri(), "hub-buffer", rest, mib);
                        case 3 -> node(node, server.uri(), "fetch", rest, mib);
                        default -> curl(hfUrl);
                    };
                }
                System.out.printf("run %d: %.2f / %.2f / %.2f / %.2f / %.2f s%n", i + 1, t[0][i], t[1][i], t[2][i],
                        t[3][i], t[4][i]);
            }
            System.out.println();
            for (int k = 0; k < names.length; k++) {
                System.out.printf("%-45s %.2f s (median) -> %.2fx curl REST%n", names[k], median(t[k]),
                        median(t[0]) / median(t[k]));
            }
            System.out.printf("%n@huggingface/hub downloadFile from /hf/ against curl of the REST URL: %.2fx (stream), "
                    + "%.2fx (arrayBuffer) (target >= 0.9x); node's own fetch of the REST URL: %.2fx%n",
                    median(t[0]) / median(t[1]), median(t[0]) / median(t[2]), median(t[0]) / median(t[3]));
        }
    }

    private static double node(Path dir, String uri, String mode, String rest, long mib) throws Exception {
        long t0 = System.nanoTime();
        ProcessBuilder b = new ProcessBuilder("node", "hf-bench.mjs").directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        b.environment().putAll(Map.of("HUB_URL", uri + "/hf", "HF_TOKEN", "hf_" + TOKEN, "REPO", "acme/big",
                "REVISION", "1.0.0", "FILE", "model.safetensors", "MODE", mode, "URL", rest, "TOKEN", TOKEN));
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0 || !out.contains("\"bytes\":" + (mib << 20))) {
            throw new IllegalStateException("node hf-bench.mjs (" + mode + ") did not receive the whole file: " + out);
        }
        return seconds(t0);
    }

    private static double curl(String url) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder("curl", "-s", "-f", "-o", "/dev/null", "-H", "Authorization: Bearer " + TOKEN, url)
                .inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("curl failed");
        }
        return seconds(t0);
    }
}
