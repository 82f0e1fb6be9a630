package io.jmreg.server;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import java.io.InputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A by-hand memory measurement of the server under many clients (not a unit test). In one process:
 * {@code server DIR} serves a {@code file:} store with a 32 MiB artifact and prints its resident set size and
 * direct-buffer use every second; in another: {@code clients URI SECONDS CLIENTS} downloads it (whole and ranged) and
 * uploads 2 MiB files on that many threads, a tenth of the downloads abandoned mid-body.
 */
public final class ServerMemoryProbe {
    private ServerMemoryProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("server")) {
            server(Path.of(args[1]));
        } else {
            clients(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        }
    }

    private static void server(Path dir) throws Exception {
        ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder("file:" + dir.resolve("store"))
                .principal("server").cacheDirectory(dir.resolve("cache")).build());
        Path art = Files.createDirectories(dir.resolve("art"));
        byte[] big = new byte[32 << 20];
        new Random(1).nextBytes(big);
        Files.write(art.resolve("big.bin"), big);
        big = null;
        registry.registerModel(Registration.builder("m").version("1.0.0").artifacts(art).build());
        RegistryServer server = RegistryServer.start(ServerOptions.builder(registry,
                Tokens.of(Map.of(TestServers.ALICE_TOKEN, "alice"))).port(0).uploadDirectory(dir.resolve("uploads"))
                .maxUploadBytes(1L << 30).maxPendingUploads(10_000).build()); // every client thread uploads at once
        System.out.println("port " + server.port());
        long peak = 0;
        while (true) {
            long rss = rssKiB();
            peak = Math.max(peak, rss);
            long direct = 0;
            for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
                if (pool.getName().equals("direct")) {
                    direct = pool.getMemoryUsed();
                }
            }
            Runtime rt = Runtime.getRuntime();
            System.out.printf("rss %d MiB (peak %d MiB), direct buffers %d MiB, heap used %d MiB, threads %d%n",
                    rss >> 10, peak >> 10, direct >> 20, (rt.totalMemory() - rt.freeMemory()) >> 20,
                    Thread.activeCount());
            Thread.sleep(1000);
        }
    }

    private static long rssKiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static void clients(String uri, int seconds, int clients) throws Exception {
        HttpClient http = HttpClient.newBuilder().build();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong requests = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        byte[] upload = new byte[2 << 20];
        Thread[] threads = new Thread[clients];
        for (int c = 0; c < clients; c++) {
            int client = c;
            threads[c] = new Thread(() -> {
                Random random = new Random(client);
                while (System.nanoTime() < end) {
                    try {
                        int kind = random.nextInt(10);
                        if (kind < 3) {
                            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(uri + "/api/v1/uploads"))
                                    .header("Authorization", "Bearer " + TestServers.ALICE_TOKEN)
                                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                            String id = created.body().replaceAll(".*\"id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
                            http.send(HttpRequest.newBuilder(URI.create(uri + "/api/v1/uploads/" + id + "/files/f.bin"))
                                    .header("Authorization", "Bearer " + TestServers.ALICE_TOKEN)
                                    .PUT(HttpRequest.BodyPublishers.ofByteArray(upload)).build(),
                                    HttpResponse.BodyHandlers.discarding());
                            http.send(HttpRequest.newBuilder(URI.create(uri + "/api/v1/uploads/" + id))
                                    .header("Authorization", "Bearer " + TestServers.ALICE_TOKEN).DELETE().build(),
                                    HttpResponse.BodyHandlers.discarding());
                        } else {
                            HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(uri
                                    + "/api/v1/models/m/versions/1.0.0/artifacts/big.bin"))
                                    .header("Authorization", "Bearer " + TestServers.ALICE_TOKEN);
                            if (kind < 6) {
                                long from = random.nextInt(30 << 20);
                                get.header("Range", "bytes=" + from + "-" + (from + (1 << 20)));
                            }
                            if (kind == 9) { // abandoned mid-body
                                HttpResponse<InputStream> r = http.send(get.build(),
                                        HttpResponse.BodyHandlers.ofInputStream());
                                r.body().readNBytes(100_000);
                                r.body().close();
                            } else {
                                http.send(get.build(), HttpResponse.BodyHandlers.discarding());
                            }
                        }
                        requests.incrementAndGet();
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
            });
            threads[c].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        System.out.println("requests " + requests.get() + ", failures " + failures.get());
    }
}
