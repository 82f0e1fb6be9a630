package io.jmreg.benchmarks;

import static io.jmreg.benchmarks.BenchSupport.deleteTree;
import static io.jmreg.benchmarks.BenchSupport.seconds;
import static io.jmreg.benchmarks.BenchSupport.writeArtifact;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Ranged reads of a large artifact on S3 (S3Proxy 4.x, started here) with a cold cache: 1 MiB from the start and
 * from the middle, verified by the chunks they touch, against the same reads with the chunk index removed (the
 * whole-file path every version had before chunk digests), in one run. Bytes read from the store and time.
 * Usage: {@code RangedReadBenchmark <s3proxy-jar-with-dependencies> [workDir] [artifactMiB=4096]}.
 */
public final class RangedReadBenchmark {
    private static final int READ = 1 << 20;

    private RangedReadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]).toAbsolutePath();
        Path work = Path.of(args.length > 1 ? args[1] : "target/ranged-bench").toAbsolutePath();
        long mib = args.length > 2 ? Long.parseLong(args[2]) : 4096;
        deleteTree(work);
        Files.createDirectories(work);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process server = S3Benchmark.startServer(jar, work, port);
        try {
            String endpoint = "http://127.0.0.1:" + port;
            String bucket = "ranged-" + UUID.randomUUID().toString().substring(0, 8);
            S3Benchmark.createBucket(endpoint, bucket);
            String store = "s3://" + bucket + "/registry?endpoint=" + endpoint + "&" + S3Benchmark.credentials();
            Path file = work.resolve("weights.bin");
            writeArtifact(file, mib);
            ArtifactFile artifact;
            long t0 = System.nanoTime();
            try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder(store)
                    .cacheDirectory(work.resolve("writer-cache")).build())) {
                artifact = registry.registerModel(Registration.builder("large").version("1.0.0").artifacts(file).build())
                        .artifacts().file("weights.bin").orElseThrow();
            }
            Files.delete(file); // room for the whole-file reads below
            System.out.printf("jmreg ranged-read benchmark: %d MiB artifact on S3Proxy at %s, registered in %.1f s "
                    + "(chunk index %s)%n%n", mib, endpoint, seconds(t0), artifact.chunkIndex());
            long middle = artifact.size() / 2;
            double[][] chunked = {read(work, store, "chunked-start", 0), read(work, store, "chunked-middle", middle)};
            try (StorageBackend backend = StorageBackends.open(store, Map.of())) {
                String index = artifact.chunkIndex();
                backend.delete("blobs/sha256/" + index.substring(0, 2) + "/" + index);
            }
            double[][] whole = {read(work, store, "whole-start", 0), read(work, store, "whole-middle", middle)};
            String[] where = {"start ", "middle"};
            for (int i = 0; i < 2; i++) {
                System.out.printf("1 MiB from the %s, cold cache: by chunks %7.1f MiB read in %6.3f s; whole file %7.1f MiB "
                                + "in %6.2f s -> %.0fx fewer bytes, %.0fx faster%n", where[i], chunked[i][0] / (1 << 20),
                        chunked[i][1], whole[i][0] / (1 << 20), whole[i][1], whole[i][0] / chunked[i][0],
                        whole[i][1] / chunked[i][1]);
            }
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** One cold read of 1 MiB at {@code offset}: bytes read from the store and seconds. */
    private static double[] read(Path work, String store, String cache, long offset) throws Exception {
        Path dir = work.resolve("cache-" + cache);
        try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder("count+" + store).cacheDirectory(dir)
                .build())) {
            registry.resolve("large:1.0.0");
            CountingBackendProvider.BYTES.set(0);
            long t0 = System.nanoTime();
            try (InputStream in = registry.openArtifact("large:1.0.0", "weights.bin", offset, READ)) {
                if (in.readAllBytes().length != READ) {
                    throw new IllegalStateException("short read");
                }
            }
            double[] result = {CountingBackendProvider.BYTES.get(), seconds(t0)};
            deleteTree(dir);
            return result;
        }
    }
}
