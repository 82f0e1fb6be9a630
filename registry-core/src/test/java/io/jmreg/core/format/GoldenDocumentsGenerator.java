package io.jmreg.core.format;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.audit.AuditOptions;
import io.jmreg.api.events.RegistryEvent;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.search.SearchRequest;
import io.jmreg.api.signing.SigningKeys;
import io.jmreg.api.webhooks.DeliverySettings;
import io.jmreg.api.webhooks.WebhookDelivery;
import io.jmreg.api.webhooks.WebhookRequest;
import io.jmreg.api.webhooks.WebhookSubscription;
import io.jmreg.core.blobs.Sha256;
import io.jmreg.core.gc.BlobPins;
import io.jmreg.core.gc.GcTimings;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.spi.ObjectInfo;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes the golden store of every stored document ({@code src/test/resources/golden/format-1-documents}, its audit
 * key pair in {@code golden/keys}) as the library of the day writes them: model logs, an audit chain of 64 blocks and
 * more (one holding several entries, group-committed; the head hint the 64th block writes) with a signed checkpoint and
 * a tail after it, two access-policy versions, a catalog generation with shards and
 * change hints after it, webhook subscriptions with delivery records, a writer's GC pin and a collection in progress.
 * Disabled unless asked: run it only to add a new golden store for a new format version, never to regenerate an
 * existing one (it pins what older libraries wrote; it refuses to overwrite):
 * {@code ./mvnw -pl registry-core -am test -Dtest=GoldenDocumentsGenerator -Dsurefire.failIfNoSpecifiedTests=false
 * -Dgolden.documents.write=$PWD/registry-core/src/test/resources/golden}.
 */
@EnabledIfSystemProperty(named = GoldenDocumentsGenerator.PROPERTY, matches = ".+")
class GoldenDocumentsGenerator {
    static final String PROPERTY = "golden.documents.write";
    static final String STORE = "format-1-documents";
    private static final String URI = "mem:golden-documents-generator";

    @Test
    void writeTheGoldenDocumentsStore() throws Exception {
        Path golden = Path.of(System.getProperty(PROPERTY));
        Path out = golden.resolve(STORE);
        Path keys = golden.resolve("keys");
        if (Files.exists(out)) {
            throw new IllegalStateException(out + " exists: a golden store is never regenerated");
        }
        Path work = Files.createTempDirectory("golden-documents");
        Path pause = work.resolve("gc-paused");
        System.setProperty("jmreg.gc.pause-at", "pins"); // the collection in progress, stopped before it reads pins
        System.setProperty("jmreg.gc.pause-file", pause.toString());
        KeyPair keyPair = SigningKeys.generate();
        Path artA = Files.createDirectories(work.resolve("alpha"));
        Files.writeString(artA.resolve("config.json"), "{\"labels\": [\"cat\", \"dog\"]}");
        Files.writeString(artA.resolve("weights.bin"), "alpha weights");
        Path artB = Files.createDirectories(work.resolve("beta"));
        Files.writeString(artB.resolve("beta.bin"), "beta bytes");

        ServerSocket receiver = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread answering = new Thread(() -> answer(receiver), "golden-webhook-receiver");
        answering.setDaemon(true);
        answering.start();
        String hooks = "http://127.0.0.1:" + receiver.getLocalPort();
        RegistryOptions options = RegistryOptions.builder(URI).principal("admin").cacheDirectory(work.resolve("cache"))
                .audit(AuditOptions.defaults().signedWith(keyPair)).property("catalog.shard-versions", "1").build();
        try (ModelRegistry r = ModelRegistry.open(options)) {
            r.registerModel(Registration.builder("alpha").version("1.0.0").artifacts(artA).tags("vision")
                    .metric("accuracy", 0.8).build());
            r.registerModel(Registration.builder("team/beta").version("1.0.0").artifacts(artB).tags("team:nlp").build());
            r.registerModel(Registration.builder("team/gamma").version("0.1.0").description("no files").build());
            r.access().install(r.access().parse("""
                    {"grants": [{"subject": "admin", "roles": ["model_admin"]},
                                {"subject": "*", "roles": ["viewer"]}]}"""));
            r.access().install(r.access().parse("""
                    {"roles": {"auditor": ["registry:audit", "models:read"]},
                     "tiers": {"reader": "lite", "*": "standard"},
                     "protected": {"aliases": ["production"], "environments": ["prod"]},
                     "approvals": {"production": "other-principal", "staging": "none",
                                   "regulated": "other-than-requester-and-creator"},
                     "grants": [{"subject": "admin", "roles": ["model_admin"]},
                                {"subject": "reader", "roles": ["viewer"], "models": "team/*"},
                                {"subject": "trainer", "roles": ["model_developer"], "models": "team/**",
                                 "tag": "team:nlp"},
                                {"subject": "auditor", "roles": ["auditor"]}]}"""));
            deniedRead(r.as("reader"));
            r.pull("alpha:1.0.0"); // a download entry
            // the first query builds the catalog from the logs and writes its first generation (one shard a model)
            assertThat(r.search().versions(SearchRequest.of("").limit(100)).items()).hasSize(3);

            // commits after the generation: only their change hints tell a reader of the generation about them
            r.setAlias("alpha", "production", "1.0.0");
            r.updateMetrics("team/beta:1.0.0", Map.of("accuracy", 0.9));
            r.registerModel(Registration.builder("team/beta").version("1.1.0").artifacts(artB).tags("team:nlp").build());
            try (StorageBackend raw = StorageBackends.open(URI, Map.of())) {
                // entries waiting while a block is written go into the next block together (group commit)
                ModelRegistry reader = r.as("reader");
                ExecutorService callers = Executors.newFixedThreadPool(8);
                try {
                    for (int round = 0; round < 50 && largestBlock(raw) < 2; round++) {
                        CountDownLatch go = new CountDownLatch(1);
                        List<Future<?>> denied = new ArrayList<>();
                        for (int i = 0; i < 8; i++) {
                            denied.add(callers.submit(() -> {
                                go.await();
                                return deniedRead(reader);
                            }));
                        }
                        go.countDown();
                        for (Future<?> f : denied) {
                            f.get();
                        }
                    }
                } finally {
                    callers.shutdownNow();
                }
                assertThat(largestBlock(raw)).as("a block of several entries").isGreaterThan(1);
                while (raw.listChildren(StoreLayout.AUDIT_CHAIN).size() < 64) { // the 64th block writes the head hint
                    deniedRead(reader);
                }
                assertThat(raw.stat(StoreLayout.AUDIT_HEAD_HINT)).isPresent();
            }
            r.audit().checkpoint(); // sealed here; the entries after it are chained only
            r.setAlias("team/beta", "champion", "1.1.0");

            WebhookSubscription ok = r.webhooks().add(new WebhookRequest(hooks + "/ok", Set.of(), "**",
                    "golden-secret-for-ok-receiver"));
            WebhookSubscription failing = r.webhooks().add(new WebhookRequest(hooks + "/fail",
                    Set.of(RegistryEvent.Type.UPDATED), "team/**", "golden-secret-for-failing-one"));
            try (AutoCloseable delivery = r.webhooks().startDelivery(new DeliverySettings(Duration.ofMillis(50), 1,
                    Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(5)))) {
                r.updateMetrics("team/beta:1.1.0", Map.of("latency_ms", 12.5));
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (!(settled(r, ok.id()) && settled(r, failing.id()))) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("webhook deliveries did not settle");
                    }
                    Thread.sleep(20);
                }
            }

            try (StorageBackend raw = StorageBackends.open(URI, Map.of())) {
                // a registration in flight: its blob uploaded and pinned, not yet committed; and an abandoned upload
                byte[] inFlight = "in-flight weights".getBytes(StandardCharsets.UTF_8);
                byte[] abandoned = "abandoned upload".getBytes(StandardCharsets.UTF_8);
                raw.putBytes(StoreLayout.blobKey(Sha256.of(inFlight)), inFlight);
                raw.putBytes(StoreLayout.blobKey(Sha256.of(abandoned)), abandoned);
                try (BlobPins.Pin pin = new BlobPins(raw, GcTimings.from(Map.of()), "trainer").open()) {
                    Thread.sleep(2_100); // a pin rewrites itself at once when its last write is 2 s old
                    pin.add(Sha256.of(inFlight));
                    CompletableFuture<?> collection = CompletableFuture.runAsync(() -> r.collectGarbage(Duration.ZERO));
                    long deadline = System.nanoTime() + 30_000_000_000L;
                    while (!Files.exists(pause)) {
                        if (System.nanoTime() > deadline) {
                            throw new IllegalStateException("the collection did not reach its pause point");
                        }
                        Thread.sleep(10);
                    }
                    copy(raw, out);
                    Files.delete(pause);
                    collection.get();
                }
            }
        } finally {
            receiver.close();
        }
        Files.createDirectories(keys);
        SigningKeys.writeKeyPair(keyPair, keys.resolve(STORE + "-audit.key"));
        SigningKeys.writePublicKey(keyPair.getPublic(), keys.resolve(STORE + "-audit.pub"));
    }

    /** A webhook receiver speaking plain HTTP/1.1: 204 on {@code /ok}, 503 elsewhere. */
    private static void answer(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket s = server.accept(); InputStream in = s.getInputStream(); OutputStream o = s.getOutputStream()) {
                ByteArrayOutputStream head = new ByteArrayOutputStream();
                while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    head.write(b);
                }
                String request = head.toString(StandardCharsets.ISO_8859_1);
                long length = request.lines().filter(l -> l.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                        .mapToLong(l -> Long.parseLong(l.substring(15).strip())).findFirst().orElse(0);
                in.readNBytes((int) length);
                String status = request.startsWith("POST /ok ") ? "204 No Content" : "503 Service Unavailable";
                o.write(("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                // closed: done
            }
        }
    }

    /** A read outside the reader's grant: a denied entry in the trail. */
    private static boolean deniedRead(ModelRegistry reader) {
        try {
            reader.resolve("alpha:1.0.0");
        } catch (AccessDeniedException expected) {
            return true;
        }
        throw new IllegalStateException("reader read alpha");
    }

    /** The most entries in one audit block. */
    private static long largestBlock(StorageBackend raw) {
        long most = 0;
        for (String block : raw.listChildren(StoreLayout.AUDIT_CHAIN)) {
            most = Math.max(most, new String(raw.getBytes(StoreLayout.AUDIT_CHAIN + block), StandardCharsets.UTF_8)
                    .lines().count());
        }
        return most;
    }

    private static boolean settled(ModelRegistry r, String subscription) {
        List<WebhookDelivery> d = r.webhooks().deliveries(subscription, 10);
        return !d.isEmpty() && d.stream().allMatch(x -> x.status() != WebhookDelivery.Status.PENDING);
    }

    private static void copy(StorageBackend raw, Path out) throws Exception {
        try (Stream<ObjectInfo> all = raw.list("")) {
            for (ObjectInfo o : (Iterable<ObjectInfo>) all::iterator) {
                Path target = out.resolve(o.key());
                Files.createDirectories(target.getParent());
                Files.write(target, raw.getBytes(o.key()));
            }
        }
    }
}
