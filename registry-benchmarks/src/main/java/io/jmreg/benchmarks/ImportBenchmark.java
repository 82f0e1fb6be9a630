package io.jmreg.benchmarks;

import static io.jmreg.benchmarks.BenchSupport.deleteTree;
import static io.jmreg.benchmarks.BenchSupport.median;
import static io.jmreg.benchmarks.BenchSupport.seconds;
import static io.jmreg.benchmarks.BenchSupport.writeArtifact;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.TransferOptions;
import io.jmreg.interop.DownloadRecord;
import io.jmreg.interop.HubImport;
import io.jmreg.interop.ModelImporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * A hub import against standard tools doing the same work, in one run, from the same local hub mimic (the JDK's HTTP
 * server, speaking the hub's revision, tree and resolve routes): the import resolves the revision, lists the files,
 * downloads, verifies the SHA-256 and registers on {@code file:} (a fresh store each time); the baseline is
 * {@code curl} then {@code sha256sum} of the file, and plain {@code curl} is reported beside it. Prints where the
 * import's time goes (fetch with its hashing on the way, registration) and exits 1 when the import is more than 20 %
 * below the target (>= 1.0x of curl + sha256sum). Usage:
 * {@code ImportBenchmark [workDir] [artifactMiB=1024] [curl=/usr/bin/curl] [sha256sum=/usr/bin/sha256sum]}.
 */
public final class ImportBenchmark {
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    private static final double TARGET = 1.0;
    private static final int ROUNDS = 3;

    private ImportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("jdk.httpclient.bufsize") == null) {
            System.setProperty("jdk.httpclient.bufsize", "262144"); // as the jmreg launcher runs imports
        }
        Path work = Path.of(args.length > 0 ? args[0] : "target/import-bench").toAbsolutePath();
        long mib = args.length > 1 ? Long.parseLong(args[1]) : 1024;
        String curl = args.length > 2 ? args[2] : "/usr/bin/curl";
        String sha256sum = args.length > 3 ? args[3] : "/usr/bin/sha256sum";
        if (!Files.isExecutable(Path.of(curl)) || !Files.isExecutable(Path.of(sha256sum))) {
            System.err.printf("%s or %s is missing: no baseline%n", curl, sha256sum);
            System.exit(2);
        }
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
        String url = endpoint + "/acme/big/resolve/" + COMMIT + "/model.safetensors";
        int exit = 0;
        try {
            System.out.printf("jmreg import benchmark: %d MiB from a local hub mimic, %d cores%n%n", mib,
                    Runtime.getRuntime().availableProcessors());
            double[] jm = new double[ROUNDS];
            double[] fetch = new double[ROUNDS];
            double[] register = new double[ROUNDS];
            double[] tools = new double[ROUNDS];
            double[] hashTool = new double[ROUNDS];
            double[] cu = new double[ROUNDS];
            for (int i = 0; i < ROUNDS; i++) {
                // from a settled page cache each time, in rotating order: dirty pages left by one measurement
                // would otherwise slow the next (kernel writeback)
                for (int k = 0; k < 3; k++) {
                    settle();
                    switch ((i + k) % 3) {
                        case 0 -> {
                            DownloadRecord r = importOnce(work, endpoint, i);
                            jm[i] = (r.finished().toEpochMilli() - r.started().toEpochMilli()) / 1000.0;
                            fetch[i] = r.fetchMillis() / 1000.0;
                            register[i] = r.registerMillis() / 1000.0;
                        }
                        case 1 -> {
                            Path out = work.resolve("curl.bin");
                            long t0 = System.nanoTime();
                            run(curl, "-s", "-f", "-o", out.toString(), url);
                            long t1 = System.nanoTime();
                            String got = run(sha256sum, out.toString()).split("\\s+")[0];
                            tools[i] = seconds(t0);
                            hashTool[i] = seconds(t1);
                            if (!got.equals(sha)) {
                                throw new IllegalStateException("sha256sum printed " + got + ", expected " + sha);
                            }
                            Files.delete(out);
                        }
                        default -> {
                            Path out = work.resolve("curl.bin");
                            long t0 = System.nanoTime();
                            run(curl, "-s", "-f", "-o", out.toString(), url);
                            cu[i] = seconds(t0);
                            Files.delete(out);
                        }
                    }
                }
            }
            double ratio = median(tools) / median(jm);
            System.out.printf("import %d MiB: jmreg %.2f s = fetch %.2f s (download, SHA-256 on the way, verify) + "
                    + "registration %.2f s (chunk digests, link into the store, commit)%n", mib, median(jm),
                    median(fetch), median(register));
            System.out.printf("  vs curl + sha256sum %.2f s (sha256sum %.2f s) -> %.2fx (target >= %.1fx)%n", median(tools),
                    median(hashTool), ratio, TARGET);
            System.out.printf("  vs curl alone       %.2f s -> %.2fx%n", median(cu), median(cu) / median(jm));
            if (ratio < TARGET * 0.8) {
                System.out.printf("MISSED: %.2fx is more than 20 %% below the target %.1fx%n", ratio, TARGET);
                exit = 1;
            }
        } finally {
            hub.stop(0);
        }
        System.exit(exit);
    }

    /** One import into a fresh store (deleted after), returning its record (times of fetch and registration). */
    private static DownloadRecord importOnce(Path work, String endpoint, int i) throws Exception {
        Path store = work.resolve("store-" + i);
        try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder("file:" + store)
                .cacheDirectory(work.resolve("cache")).build())) {
            ModelImporter importer = new ModelImporter(registry, work.resolve("imports"));
            importer.fromHub(HubImport.of("acme/big", "big").from(endpoint).asVersion("1.0." + i), TransferOptions.defaults());
            List<DownloadRecord> records = importer.downloads();
            return records.get(records.size() - 1);
        } finally {
            deleteTree(store);
        }
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(command[0] + " failed (exit " + p.exitValue() + ")");
        }
        return out;
    }

    /** Flushes dirty pages (Linux {@code sync}) so that one measurement's writeback does not slow the next. */
    private static void settle() throws Exception {
        try {
            new ProcessBuilder("sync").inheritIO().start().waitFor();
        } catch (IOException noSync) {
            Thread.sleep(2000);
        }
    }

    private static void serve(HttpExchange x, Path file, String sha, long size) throws IOException {
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
