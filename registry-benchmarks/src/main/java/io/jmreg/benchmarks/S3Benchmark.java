package io.jmreg.benchmarks;

import static io.jmreg.benchmarks.BenchSupport.deleteTree;
import static io.jmreg.benchmarks.BenchSupport.median;
import static io.jmreg.benchmarks.BenchSupport.seconds;
import static io.jmreg.benchmarks.BenchSupport.writeArtifact;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The registry on S3 against {@code aws s3 cp} on the same local S3 server (S3Proxy 4.x, started here), in one run.
 * Usage: {@code S3Benchmark <s3proxy-jar-with-dependencies> [workDir] [artifactMiB=1024] [aws=/usr/bin/aws] [uri tuning, e.g. concurrency=4&part-size-mib=32]}.
 */
public final class S3Benchmark {
    private static final String BUCKET = "bench";
    private static final String ID = "bench-identity";
    private static final String SECRET = "bench-credential";

    private S3Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        // absolute paths: S3Proxy's filesystem provider gets a relative base directory wrong (multipart uploads fail)
        Path jar = Path.of(args[0]).toAbsolutePath();
        Path work = Path.of(args.length > 1 ? args[1] : "target/s3bench").toAbsolutePath();
        long mib = args.length > 2 ? Long.parseLong(args[2]) : 1024;
        String aws = args.length > 3 ? args[3] : "/usr/bin/aws";
        String tuning = args.length > 4 ? "&" + args[4] : "";
        BenchSupport.deleteTree(work); // a run never meets the previous run's buckets
        Files.createDirectories(work);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String bucket = BUCKET + "-" + UUID.randomUUID().toString().substring(0, 8);
        boolean baseline = Files.isExecutable(Path.of(aws));
        Process server = startServer(jar, work, port);
        try {
            String endpoint = "http://127.0.0.1:" + port;
            if (baseline) {
                baseline = attempt("create the bucket with aws", () -> run(aws, endpoint, "s3", "mb", "s3://" + bucket));
            }
            if (!baseline) {
                System.out.printf("(%s is not available: registry figures only, without the aws s3 cp baseline)%n", aws);
                createBucket(endpoint, bucket);
            }
            Path file = work.resolve("weights.bin");
            writeArtifact(file, mib);
            System.out.printf("jmreg S3 benchmark: %d MiB artifact, S3Proxy at %s, %d cores%n%n", mib, endpoint,
                    Runtime.getRuntime().availableProcessors());
            double[] cliUp = new double[3];
            double[] cliDown = new double[3];
            double[] regUp = new double[3];
            double[] regDown = new double[3];
            for (int r = 0; r < 3; r++) {
                int round = r;
                if (baseline) {
                    // the baseline is retried once when it fails, and its failure never loses the registry's figures
                    baseline = attempt("aws s3 cp upload", () -> {
                        long t0 = System.nanoTime();
                        run(aws, endpoint, "s3", "cp", "--only-show-errors", file.toString(),
                                "s3://" + bucket + "/cli-" + round + "/weights.bin");
                        cliUp[round] = seconds(t0);
                    }) && attempt("aws s3 cp download", () -> {
                        Path out = work.resolve("cli-download.bin");
                        long t0 = System.nanoTime();
                        run(aws, endpoint, "s3", "cp", "--only-show-errors", "s3://" + bucket + "/cli-" + round + "/weights.bin",
                                out.toString());
                        cliDown[round] = seconds(t0);
                        Files.delete(out);
                    });
                }
                String uri = "s3://" + bucket + "/registry-" + r + "?endpoint=" + endpoint + "&access-key=" + ID
                        + "&secret-key=" + SECRET + tuning;
                try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder(uri)
                        .cacheDirectory(work.resolve("cache-" + r)).build())) {
                    long t0 = System.nanoTime();
                    registry.registerModel(Registration.builder("large").version("1.0.0").artifacts(file).build());
                    regUp[r] = seconds(t0);
                    t0 = System.nanoTime();
                    registry.pull("large:1.0.0");
                    regDown[r] = seconds(t0);
                }
                deleteTree(work.resolve("cache-" + r));
            }
            if (!baseline) {
                System.out.printf("upload   %d MiB: registry %6.2f s (no baseline)%n", mib, median(regUp));
                System.out.printf("download %d MiB: registry %6.2f s including SHA-256 verification (no baseline)%n%n", mib,
                        median(regDown));
            }
            if (baseline) {
                System.out.printf("upload   %d MiB: registry %6.2f s, aws s3 cp %6.2f s -> registry %.2fx faster (target >= 1.5x)%n",
                        mib, median(regUp), median(cliUp), median(cliUp) / median(regUp));
                System.out.printf("download %d MiB: registry %6.2f s, aws s3 cp %6.2f s -> registry %.2fx faster (target >= 1.0x)"
                        + " (registry time includes SHA-256 verification)%n%n", mib, median(regDown), median(cliDown),
                        median(cliDown) / median(regDown));
            }

            String uri = "s3://" + bucket + "/meta?endpoint=" + endpoint + "&access-key=" + ID + "&secret-key=" + SECRET;
            try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(work.resolve("c")).build())) {
                double[] meta = new double[100];
                for (int i = 0; i < meta.length; i++) {
                    long t0 = System.nanoTime();
                    registry.registerModel(Registration.builder("meta").version("1.0." + i).metric("evaluation.accuracy", 0.9).build());
                    meta[i] = (System.nanoTime() - t0) / 1e6;
                }
                registry.setAlias("meta", "production", "1.0.50");
                System.out.printf("metadata-only register on S3: %.2f ms (median of %d)%n", median(meta), meta.length);
                int n = 1_000_000;
                for (int i = 0; i < n; i++) {
                    registry.resolve("meta@production");
                }
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    registry.resolve("meta@production");
                }
                System.out.printf("resolve meta@production cached: %.1f ns/op%n", (System.nanoTime() - t0) / (double) n);
            }
            double[] cold = new double[10];
            for (int i = 0; i < cold.length; i++) {
                long t0 = System.nanoTime();
                try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(work.resolve("c")).build())) {
                    registry.resolve("meta@production");
                }
                cold[i] = (System.nanoTime() - t0) / 1e6;
            }
            System.out.printf("resolve meta@production cold (open + resolve): %.2f ms (median of %d)%n", median(cold), cold.length);
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A baseline step that may fail: tried twice; false (and a printed reason) when both attempts failed. */
    private static boolean attempt(String what, ThrowingRunnable step) {
        for (int i = 1; i <= 2; i++) {
            try {
                step.run();
                return true;
            } catch (Exception e) {
                System.out.printf("baseline step '%s' failed (attempt %d of 2): %s%n", what, i, e.getMessage());
            }
        }
        return false;
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** Creates {@code bucket} on the S3Proxy at {@code endpoint}. */
    static void createBucket(String endpoint, String bucket) {
        try (S3Client client = S3Client.builder()
                .endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .forcePathStyle(true).credentialsProvider(StaticCredentialsProvider
                        .create(AwsBasicCredentials.create(ID, SECRET))).build()) {
            client.createBucket(b -> b.bucket(bucket));
        }
    }

    /** The query parameters with S3Proxy's credentials, for an {@code s3://} URI. */
    static String credentials() {
        return "access-key=" + ID + "&secret-key=" + SECRET;
    }

    static Process startServer(Path jar, Path work, int port) throws Exception {
        Path data = Files.createDirectories(work.resolve("s3data"));
        Path conf = work.resolve("s3proxy.conf");
        Files.writeString(conf, String.join("\n", "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4", "s3proxy.identity=" + ID, "s3proxy.credential=" + SECRET,
                "jclouds.provider=filesystem-nio2", "jclouds.filesystem.basedir=" + data) + "\n");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-DLOG_LEVEL=warn", "-jar", jar.toString(), "--properties", conf.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("s3proxy.log").toFile()).start();
        for (int i = 0; i < 600; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return p;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("S3Proxy did not start");
    }

    private static void run(String aws, String endpoint, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(aws, "--endpoint-url", endpoint));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("AWS_ACCESS_KEY_ID", ID);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET);
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + output);
        }
    }
}
