package io.jmreg.benchmarks;

import static io.jmreg.benchmarks.BenchSupport.deleteTree;
import static io.jmreg.benchmarks.BenchSupport.median;
import static io.jmreg.benchmarks.BenchSupport.seconds;
import static io.jmreg.benchmarks.BenchSupport.writeArtifact;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.server.RegistryServer;
import io.jmreg.server.ServerOptions;
import io.jmreg.server.Tokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The registry server against plain Jetty in the same run, on 127.0.0.1: resolve with 64 keep-alive clients against a
 * handler answering the same JSON bytes, an artifact download against Jetty's static resource handler serving the
 * same blob file, and upload-register against a PUT handler that only writes the file.
 * Usage: {@code ServerBenchmark [workDir] [artifactMiB=1024] [seconds=10] [resolve]}; with {@code resolve} only the
 * resolve comparison runs, and the program exits with status 1 when its ratio misses the target by more than 20 %.
 */
public final class ServerBenchmark {
    private static final String TOKEN = "jmr_benchmark-token";
    private static final String PLAIN_THREADS = "plain-jetty";

    private ServerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "target/server-bench").toAbsolutePath();
        long mib = args.length > 1 ? Long.parseLong(args[1]) : 1024;
        int secs = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        boolean resolveOnly = args.length > 3 && args[3].equals("resolve");
        deleteTree(work);
        Files.createDirectories(work);
        Path file = work.resolve("weights.bin");
        writeArtifact(file, mib);
        String store = "file:" + work.resolve("store");
        try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder(store).principal("server")
                .cacheDirectory(work.resolve("server-cache")).build());
             RegistryServer server = RegistryServer.start(ServerOptions.builder(registry, Tokens.of(Map.of(TOKEN, "bench")))
                     .port(0).uploadDirectory(work.resolve("uploads")).build())) {
            ModelVersion v = registry.registerModel(Registration.builder("large").version("1.0.0").artifacts(file).build());
            registry.setAlias("large", "production", "1.0.0");
            String sha = v.artifacts().files().get(0).sha256();
            Path blob = work.resolve("store/blobs/sha256/" + sha.substring(0, 2) + "/" + sha);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String resolveUrl = server.uri() + "/api/v1/resolve?reference=large%40production";
            byte[] resolveBody = get(client, resolveUrl);
            Server plain = plainJetty(resolveBody, blob.getParent(), work.resolve("plain-uploads"));
            try {
                String plainBase = "http://127.0.0.1:" + ((ServerConnector) plain.getConnectors()[0]).getLocalPort();
                System.out.printf("jmreg server benchmark: %d MiB artifact, %d cores, %d s per load run%n%n", mib,
                        Runtime.getRuntime().availableProcessors(), secs);
                double ratio = resolveRatio(client, resolveUrl, plainBase + "/json", resolveBody.length, secs);
                if (resolveOnly) {
                    if (ratio < 0.8 * 0.8) {
                        System.out.printf("FAILED: resolve ratio %.2fx misses its target (0.8x) by more than 20 %%%n", ratio);
                        System.exit(1);
                    }
                    return;
                }
                String downloadUrl = server.uri() + "/api/v1/models/large/versions/1.0.0/artifacts/weights.bin";
                download(client, downloadUrl); // warms the server's verified cache
                double[] reg = new double[3];
                double[] stat = new double[3];
                for (int i = 0; i < 3; i++) {
                    stat[i] = download(client, plainBase + "/static/" + sha);
                    reg[i] = download(client, downloadUrl);
                }
                System.out.printf("download %d MiB: registry %.2f s, Jetty static file %.2f s -> %.2fx (target >= 0.8x)%n",
                        mib, median(reg), median(stat), median(stat) / median(reg));
                double[] up = new double[5];
                double[] put = new double[5];
                for (int i = 0; i < up.length; i++) {
                    // each measured from a clean page cache state, and in alternating order: dirty pages left by one
                    // write would otherwise throttle the next (kernel writeback)
                    if (i % 2 == 0) {
                        settle();
                        put[i] = plainPut(client, plainBase + "/put/" + i, file);
                        settle();
                        up[i] = uploadRegister(client, server.uri(), file, "1.1." + i);
                    } else {
                        settle();
                        up[i] = uploadRegister(client, server.uri(), file, "1.1." + i);
                        settle();
                        put[i] = plainPut(client, plainBase + "/put/" + i, file);
                    }
                }
                System.out.printf("upload-register %d MiB: registry %.2f s, PUT that only writes the file %.2f s -> %.2fx "
                        + "(target >= 0.8x)%n", mib, median(up), median(put), median(put) / median(up));
            } finally {
                plain.stop();
            }
        }
    }

    /** Flushes dirty pages (Linux {@code sync}), so that one measurement's writeback does not slow the next. */
    private static void settle() throws Exception {
        try {
            new ProcessBuilder("sync").inheritIO().start().waitFor();
        } catch (IOException noSync) {
            Thread.sleep(2000);
        }
    }

    private static byte[] get(HttpClient client, String url) throws Exception {
        return client.send(request(url).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
    }

    private static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN);
    }

    /**
     * Resolve through the registry server against plain Jetty answering the same bytes, 64 keep-alive clients: both
     * warmed first (the client's code is compiled during the warm-up, not during the first measured run), then three
     * rounds in alternating order; prints each round and returns the median of the per-round ratios.
     */
    private static double resolveRatio(HttpClient client, String registryUrl, String plainUrl, int bytes, int secs)
            throws Exception {
        for (int warm = 0; warm < 3; warm++) { // the registry's deeper code path takes longer to be compiled
            load(client, registryUrl, 64, 5);
            load(client, plainUrl, 64, 5);
        }
        double[] ratios = new double[3];
        double[] cpuRatios = new double[3];
        for (int round = 0; round < ratios.length; round++) {
            double[] jmreg;
            double[] baseline;
            if (round % 2 == 0) {
                jmreg = load(client, registryUrl, 64, secs, "jmreg-http");
                baseline = load(client, plainUrl, 64, secs, PLAIN_THREADS);
            } else {
                baseline = load(client, plainUrl, 64, secs, PLAIN_THREADS);
                jmreg = load(client, registryUrl, 64, secs, "jmreg-http");
            }
            ratios[round] = jmreg[0] / baseline[0];
            cpuRatios[round] = baseline[3] / jmreg[3];
            System.out.printf("resolve, 64 keep-alive clients, round %d: %,.0f req/s (p50 %.2f ms, p99 %.2f ms, server "
                            + "CPU %.1f us/req); Jetty answering the same %d bytes: %,.0f req/s (p99 %.2f ms, server CPU "
                            + "%.1f us/req) -> %.2fx by throughput, %.2fx by server CPU%n", round + 1, jmreg[0], jmreg[1],
                    jmreg[2], jmreg[3], bytes, baseline[0], baseline[2], baseline[3], ratios[round], cpuRatios[round]);
        }
        double ratio = median(ratios);
        double cpuRatio = median(cpuRatios);
        System.out.printf("resolve ratio, median of %d rounds: %.2fx by throughput, %.2fx by server CPU per request "
                + "(target >= 0.8x; the CPU ratio is the throughput ratio of a CPU-bound server, unaffected by other "
                + "load on the machine, and is the one checked)%n", ratios.length, ratio, cpuRatio);
        return cpuRatio;
    }

    /** Requests per second, p50 and p99 latency (ms) of {@code threads} clients looping for {@code secs}. */
    private static double[] load(HttpClient client, String url, int threads, int secs) throws Exception {
        return load(client, url, threads, secs, "-");
    }

    /** The server threads' CPU time (ns) so far: threads whose name starts with {@code prefix}. */
    private static long serverCpu(String prefix) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith(prefix)) {
                total += Math.max(0, mx.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    /**
     * As {@link #load(HttpClient, String, int, int)}, plus the CPU time (microseconds) per request of the server's
     * threads (named {@code serverThreads}...) over the measured part.
     */
    private static double[] load(HttpClient client, String url, int threads, int secs, String serverThreads)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + secs * 1_000_000_000L;
        long warm = System.nanoTime() + 2_000_000_000L;
        List<Future<long[]>> futures = new ArrayList<>();
        long[] cpuAtWarm = new long[1];
        Thread cpuMark = new Thread(() -> {
            try {
                Thread.sleep(Math.max(0, (warm - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                return;
            }
            cpuAtWarm[0] = serverCpu(serverThreads);
        });
        cpuMark.start();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                long[] lat = new long[1 << 20];
                int n = 0;
                HttpRequest req = request(url).build();
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    HttpResponse<byte[]> r = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("HTTP " + r.statusCode());
                    }
                    if (t0 > warm && n < lat.length) {
                        lat[n++] = System.nanoTime() - t0;
                    }
                }
                return Arrays.copyOf(lat, n);
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<long[]> f : futures) {
            for (long l : f.get()) {
                all.add(l);
            }
        }
        pool.shutdown();
        cpuMark.join();
        double cpuPerRequest = (serverCpu(serverThreads) - cpuAtWarm[0]) / 1e3 / all.size();
        all.sort(null);
        double measured = secs - 2;
        return new double[] {all.size() / measured, all.get(all.size() / 2) / 1e6, all.get((int) (all.size() * 0.99)) / 1e6,
            cpuPerRequest};
    }

    private static double download(HttpClient client, String url) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<InputStream> r = client.send(request(url).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            byte[] buffer = new byte[1 << 20];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
            }
            if (r.statusCode() != 200 || total == 0) {
                throw new IllegalStateException("download of " + url + ": HTTP " + r.statusCode());
            }
        }
        return seconds(t0);
    }

    private static double plainPut(HttpClient client, String url, Path file) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = client.send(request(url).PUT(HttpRequest.BodyPublishers.ofFile(file)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("plain PUT: HTTP " + r.statusCode());
        }
        return seconds(t0);
    }

    private static double uploadRegister(HttpClient client, String base, Path file, String version) throws Exception {
        long t0 = System.nanoTime();
        String created = new String(client.send(request(base + "/api/v1/uploads").POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofByteArray()).body(), StandardCharsets.UTF_8);
        String id = created.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        HttpResponse<byte[]> put = client.send(request(base + "/api/v1/uploads/" + id + "/files/weights.bin")
                .PUT(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofByteArray());
        double uploaded = seconds(t0);
        HttpResponse<byte[]> reg = client.send(request(base + "/api/v1/models/up/versions")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"registration\": {\"name\": \"up\", \"version\": \"" + version + "\"}, \"upload\": \"" + id + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        if (put.statusCode() != 201 || reg.statusCode() != 201) {
            throw new IllegalStateException("upload-register: HTTP " + put.statusCode() + ", " + reg.statusCode() + ": "
                    + new String(reg.body(), StandardCharsets.UTF_8));
        }
        double total = seconds(t0);
        System.out.printf("  (upload %.2f s, then register %.2f s)%n", uploaded, total - uploaded);
        return total;
    }

    /** Plain Jetty: fixed JSON at /json, the blob directory as static files at /static/, and a PUT that writes a file. */
    private static Server plainJetty(byte[] json, Path blobDir, Path uploads) throws Exception {
        Files.createDirectories(uploads);
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName(PLAIN_THREADS);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ResourceHandler files = new ResourceHandler();
        files.setBaseResource(ResourceFactory.of(server).newResource(blobDir));
        files.setDirAllowed(false);
        Handler.Abstract custom = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String path = request.getHttpURI().getPath();
                if (path.startsWith("/put/")) {
                    try (InputStream in = Content.Source.asInputStream(request);
                         OutputStream out = Files.newOutputStream(uploads.resolve(path.substring(5)))) {
                        in.transferTo(out);
                    }
                    response.setStatus(201);
                    callback.succeeded();
                    return true;
                }
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.write(true, ByteBuffer.wrap(json), callback);
                return true;
            }
        };
        server.setHandler(new ContextHandlerCollection(
                new ContextHandler(files, "/static"),
                new ContextHandler(custom, "/")));
        server.start();
        return server;
    }
}
