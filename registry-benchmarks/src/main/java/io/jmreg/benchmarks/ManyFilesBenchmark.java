package io.jmreg.benchmarks;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * An artifact of many small files (a tokenizer directory, a Python package, sharded checkpoints' index files):
 * registry register and cold pull against {@code aws s3 cp --recursive} of the same files on the same S3 server, in
 * one run. Usage: {@code ManyFilesBenchmark <s3proxy-jar | http://endpoint> [workDir] [files=1000] [aws=/usr/bin/aws]
 * [accessKey] [secretKey]}; with a jar, S3Proxy is started here, with an endpoint (e.g. Ceph RGW) the keys are used.
 */
public final class ManyFilesBenchmark {
    private ManyFilesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 1 ? args[1] : "target/manyfiles").toAbsolutePath();
        int count = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        String aws = args.length > 3 ? args[3] : "/usr/bin/aws";
        String access = args.length > 4 ? args[4] : "bench-identity";
        String secret = args.length > 5 ? args[5] : "bench-credential";
        Files.createDirectories(work);
        Process server = null;
        String endpoint = args[0];
        if (endpoint.endsWith(".jar")) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            server = S3Benchmark.startServer(Path.of(endpoint).toAbsolutePath(), work, port);
            endpoint = "http://127.0.0.1:" + port;
        }
        String bucket = "many-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", access, "AWS_SECRET_ACCESS_KEY", secret,
                "AWS_DEFAULT_REGION", "us-east-1");
        try {
            aws(aws, endpoint, env, "s3", "mb", "s3://" + bucket);
            Path dir = work.resolve("artifact");
            Random random = new Random(1);
            long bytes = 0;
            for (int i = 0; i < count; i++) {
                Path f = dir.resolve("part-" + (i % 10)).resolve("file-" + i + ".bin");
                Files.createDirectories(f.getParent());
                byte[] data = new byte[1024 + random.nextInt(63 * 1024)];
                random.nextBytes(data);
                Files.write(f, data);
                bytes += data.length;
            }
            System.out.printf("jmreg many-files benchmark: %d files, %.1f MiB, server %s, %d cores%n%n", count,
                    bytes / 1048576.0, endpoint, Runtime.getRuntime().availableProcessors());
            int runs = 3;
            double[] cliUp = new double[runs];
            double[] cliDown = new double[runs];
            double[] regUp = new double[runs];
            double[] regDown = new double[runs];
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                aws(aws, endpoint, env, "s3", "cp", "--recursive", "--only-show-errors", dir.toString(),
                        "s3://" + bucket + "/cli-" + r + "/");
                cliUp[r] = BenchSupport.seconds(t0);
                Path out = work.resolve("cli-out-" + r);
                t0 = System.nanoTime();
                aws(aws, endpoint, env, "s3", "cp", "--recursive", "--only-show-errors", "s3://" + bucket + "/cli-" + r + "/",
                        out.toString());
                cliDown[r] = BenchSupport.seconds(t0);
                BenchSupport.deleteTree(out);
                String uri = "s3://" + bucket + "/registry-" + r + "?endpoint=" + endpoint + "&access-key=" + access
                        + "&secret-key=" + secret;
                try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder(uri)
                        .cacheDirectory(work.resolve("cache-" + r)).build())) {
                    t0 = System.nanoTime();
                    registry.registerModel(Registration.builder("many").version("1.0.0").artifacts(dir).build());
                    regUp[r] = BenchSupport.seconds(t0);
                }
                try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder(uri)
                        .cacheDirectory(work.resolve("cold-cache-" + r)).build())) {
                    t0 = System.nanoTime();
                    registry.pull("many:1.0.0");
                    regDown[r] = BenchSupport.seconds(t0);
                }
                BenchSupport.deleteTree(work.resolve("cache-" + r));
                BenchSupport.deleteTree(work.resolve("cold-cache-" + r));
            }
            System.out.printf("register %d files: registry %6.2f s, aws s3 cp --recursive %6.2f s -> registry %.2fx (target >= 1.0x)%n",
                    count, BenchSupport.median(regUp), BenchSupport.median(cliUp),
                    BenchSupport.median(cliUp) / BenchSupport.median(regUp));
            System.out.printf("pull     %d files: registry %6.2f s, aws s3 cp --recursive %6.2f s -> registry %.2fx (target >= 1.0x; "
                    + "registry time includes SHA-256 verification of every file)%n", count, BenchSupport.median(regDown),
                    BenchSupport.median(cliDown), BenchSupport.median(cliDown) / BenchSupport.median(regDown));
        } finally {
            if (server != null) {
                server.destroy();
                server.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void aws(String aws, String endpoint, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(aws, "--endpoint-url", endpoint));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + output);
        }
    }
}
