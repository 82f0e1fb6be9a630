package io.jmreg.benchmarks;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's benchmark programs run as written, with small sizes: relative work directories (which once broke
 * S3Proxy's multipart uploads), twice in the same directory (which once met the previous run's bucket), and without
 * the aws CLI they still print the registry's own figures.
 */
class BenchmarkSmokeTest {

    private static String run(ThrowingMain main) throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(out);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        out.print(text);
        return text;
    }

    @FunctionalInterface
    private interface ThrowingMain {
        void run() throws Exception;
    }

    @Test
    void theFileBenchmarkRunsWithSmallSizes() throws Exception {
        java.util.List<String> missed = new java.util.ArrayList<>();
        String printed = run(() -> missed.addAll(RegistryBenchmark.run(new String[] {"target/bench-smoke", "4", "20", "5"})));
        // every ratio is printed beside its target, and the summary names what missed (the program's exit status)
        assertThat(printed).contains("targets:").contains("(target >= 0.90x").contains("(target <= 2.00x")
                .contains("(target <= 60.00 ns").contains("8 threads x 1 JVM");
        assertThat(printed).contains(missed.isEmpty() ? "every target met" : "MISSED by more than 20 %: " + missed.get(0));
        assertThat(printed).contains("register").contains("resolve").containsPattern("\\d+\\.\\d+x");
    }

    @Test
    void theOciBenchmarkRunsWithSmallSizes() throws Exception {
        boolean skopeo = Files.isExecutable(Path.of("/usr/bin/skopeo"));
        if (!skopeo && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("skopeo is required on CI (.ci/run installs Debian's skopeo)");
        }
        String printed = run(() -> OciBenchmark.main(new String[] {"target/oci-smoke", "2", "1"}));
        assertThat(printed).contains(skopeo ? "skopeo copy 2 MiB: jmreg /v2/" : "skopeo is not installed");
    }

    @Test
    void theAuditBenchmarkRunsWithSmallSizes() throws Exception {
        String printed = run(() -> AuditBenchmark.main(new String[] {"target/audit-smoke", "3000", "4"}));
        assertThat(printed).contains("verify (chain, 3 signed checkpoints").contains("entries/s").contains("export");
    }

    @Test
    void theS3BenchmarkRunsTwiceInOneRelativeDirectory() throws Exception {
        Path jar = Path.of("../registry-storage-s3/target/s3proxy/s3proxy.jar");
        assertThat(jar).as("S3Proxy jar fetched by registry-storage-s3's build").exists();
        String aws = Files.isExecutable(Path.of("/usr/bin/aws")) ? "/usr/bin/aws" : "/nonexistent/aws";
        for (int i = 0; i < 2; i++) {
            String printed = run(() -> S3Benchmark.main(new String[] {jar.toString(), "target/s3bench-smoke", "16", aws}));
            assertThat(printed).contains("upload   16 MiB: registry").contains("download 16 MiB: registry")
                    .contains("resolve meta@production cached");
        }
    }
}
