package io.jmreg.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.TransferProgress;
import io.jmreg.interop.HubImport;
import io.jmreg.interop.ModelImporter;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.Executors;

import static io.jmreg.benchmarks.BenchSupport.deleteTree;
import static io.jmreg.benchmarks.BenchSupport.median;
import static io.jmreg.benchmarks.BenchSupport.seconds;
import static io.jmreg.benchmarks.BenchSupport.writeArtifact;

/**
 * A hub import against {@code curl} of the same file from the same local hub mimic (the JDK's HTTP server), in one
 * run: the import resolves the revision, lists the files, downloads, verifies the SHA-256 and registers on
 * {@code file:}; curl only downloads. Usage: {@code ImportBenchmark [workDir] [artifactMiB=1024] [curl=/usr/bin/curl]}.
 */
public final class ImportBenchmark {
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    private ImportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("jdk.httpclient.bufsize") == null) {
            System.setProperty("jdk.httpclient.bufsize", "262144"); // as the jmreg launcher runs imports
        }
        Path work = Path.of(args.length > 0 ? args[0] : "target/import-bench").toAbsolutePath();
        long mib = args.length > 1 ? Long.parseLong(args[1]) : 1024;
        String curl = args.length > 2 ? args[2] : "/usr/bin/curl";
        deleteTree(work);
        Files.createDirectories(work);
        Path file = work.resolve("model.safetensors");
        writeArtifact(file, mib);
        String sha = sha256(file);
        long size = Files.size(file);
        HttpServer hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hub.setExecutor(Executors.newCachedThreadPool());
        hub.createContext("/", x -> serve(x, file, sha, size));
        hub.start();
        String endpoint = "http://127.0.0.1:" + hub.getAddress().getPort();
        try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder("file:" + work.resolve("store"))
                .cacheDirectory(work.resolve("cache")).build())) {
            System.out.printf("jmreg import benchmark: %d MiB from a local hub mimic, %d cores%n%n", mib,
                    Runtime.getRuntime().availableProcessors());
            double[] jm = new double[3];
            double[] cu = new double[3];
            boolean baseline = Files.isExecutable(Path.of(curl));
            for (int i = 0; i < 3; i++) {
                // from a settled page cache each time, the two in alternating order: dirty pages left by one
                // measurement would otherwise slow the next (kernel writeback)
                if (i % 2 == 1) {
                    settle();
                    jm[i] = importOnce(registry, work, endpoint, i);
                }
                if (baseline) {
                    settle();
                    Path out = work.resolve("curl.bin");
                    long t0 = System.nanoTime();
                    Process p = new ProcessBuilder(curl, "-s", "-f", "-o", out.toString(),
                            endpoint + "/acme/big/resolve/" + COMMIT + "/model.safetensors").inheritIO().start();
                    if (p.waitFor() != 0) {
                        throw new IllegalStateException("curl failed");
                    }
                    cu[i] = seconds(t0);
                    Files.delete(out);
                }
                if (i % 2 == 0) {
                    settle();
                    jm[i] = importOnce(registry, work, endpoint, i);
                }
            }
            if (baseline) {
                System.out.printf("import %d MiB: jmreg %.2f s (download, SHA-256 and chunk digests, register), curl %.2f s "
                        + "(download only) -> %.2fx (target >= 0.9x)%n", mib, median(jm), median(cu), median(cu) / median(jm));
            } else {
                System.out.printf("import %d MiB: jmreg %.2f s (%s missing: no baseline)%n", mib, median(jm), curl);
            }
        } finally {
            hub.stop(0);
        }
    }

    private static double importOnce(ModelRegistry registry, Path work, String endpoint, int i) throws Exception {
        long t0 = System.nanoTime();
        new ModelImporter(registry, work.resolve("imports")).fromHub(HubImport.of("acme/big", "big")
                .from(endpoint).asVersion("1.0." + i), TransferProgress.NONE);
        return seconds(t0);
    }

    /** Flushes dirty pages (Linux {@code sync}) so that one measurement's writeback does not slow the next. */
    private static void settle() throws Exception {
        try {
            new ProcessBuilder("sync").inheritIO().start().waitFor();
        } catch (java.io.IOException noSync) {
            Thread.sleep(2000);
        }
    }

    private static void serve(HttpExchange x, Path file, String sha, long size) throws java.io.IOException {
        String path = x.getRequestURI().getPath();
        byte[] body = null;
        if (path.startsWith("/api/models/acme/big/revision/")) {
            body = ("{\"sha\": \"" + COMMIT + "\"}").getBytes(StandardCharsets.UTF_8);
        } else if (path.startsWith("/api/models/acme/big/tree/")) {
            body = ("[{\"type\": \"file\", \"path\": \"model.safetensors\", \"size\": " + size + ", \"oid\": \""
                    + "0".repeat(40) + "\", \"lfs\": {\"oid\": \"" + sha + "\", \"size\": " + size + "}}]")
                    .getBytes(StandardCharsets.UTF_8);
        }
        if (body != null) {
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
            return;
        }
        x.getResponseHeaders().add("ETag", "\"" + sha + "\"");
        x.getResponseHeaders().add("X-Linked-Etag", "\"" + sha + "\"");
        x.getResponseHeaders().add("X-Repo-Commit", COMMIT);
        if (x.getRequestMethod().equals("HEAD")) {
            x.getResponseHeaders().add("Content-Length", Long.toString(size));
            x.sendResponseHeaders(200, -1);
            x.close();
            return;
        }
        x.sendResponseHeaders(200, size);
        try (InputStream in = Files.newInputStream(file); OutputStream out = x.getResponseBody()) {
            in.transferTo(out);
        }
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = new byte[1 << 20];
            int n;
            while ((n = in.read(b)) > 0) {
                md.update(b, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
