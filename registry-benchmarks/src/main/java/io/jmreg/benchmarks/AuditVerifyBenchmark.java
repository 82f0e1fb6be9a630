package io.jmreg.benchmarks;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditOptions;
import io.jmreg.api.audit.AuditReport;
import io.jmreg.api.audit.AuditVerification;
import io.jmreg.api.signing.SigningKeys;
import io.jmreg.core.audit.BulkAuditWriter;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Verifying a large audit trail on {@code file:}: writes {@code entries} audit entries straight into a store with
 * core's {@link BulkAuditWriter} (full blocks of the hash chain, a signed checkpoint every 1,000 entries, as the
 * registry writes them), reusing a trail an earlier run wrote, then times {@code verify} with checkpoints and model
 * logs, and chain only: wall time, the process's CPU time and the heap's peak (run it with a small {@code -Xmx} to
 * see that verification streams). Arguments: work directory (default target/audit-verify), entries (default 1000000).
 */
public final class AuditVerifyBenchmark {
    private static final int BATCH = 512 * 32;

    private AuditVerifyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "target/audit-verify").toAbsolutePath();
        long entries = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        Path store = work.resolve("trail-" + entries);
        KeyPair key = key(work);
        AuditOptions audit = AuditOptions.defaults().signedWith(key).checkpointing(1000, Duration.ofHours(1));
        RegistryOptions options = RegistryOptions.builder("file:" + store).principal("bench")
                .cacheDirectory(work.resolve("cache")).audit(audit).build();
        System.out.printf("jmreg audit verify benchmark: %,d entries, max heap %,d MiB, %d cores%n", entries,
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        if (Files.exists(store.resolve("models"))) {
            System.out.println("trail written by an earlier run: reused");
        } else {
            generate(options, audit, entries);
        }
        try (ModelRegistry registry = ModelRegistry.open(options)) {
            measure("verify (chain, signed checkpoints, model logs)", () -> registry.audit()
                    .verify(AuditVerification.trusting(key.getPublic())), entries);
            measure("verify (chain and checkpoints only)", () -> registry.audit()
                    .verify(AuditVerification.trusting(key.getPublic()).chainOnly()), entries);
        }
    }

    /** One model registered through the registry (audited as usual), then the rest of the trail in bulk. */
    private static void generate(RegistryOptions options, AuditOptions audit, long entries) {
        try (ModelRegistry registry = ModelRegistry.open(options)) {
            registry.registerModel(Registration.builder("m").version("1.0.0").build());
        }
        long t0 = System.nanoTime();
        try (StorageBackend backend = StorageBackends.open(options.uri(), Map.of())) {
            BulkAuditWriter writer = new BulkAuditWriter(backend, audit);
            long written = 1;
            while (written < entries) {
                List<BulkAuditWriter.Entry> batch = new ArrayList<>(BATCH);
                for (long n = written + 1; n <= entries && batch.size() < BATCH; n++) {
                    batch.add(n % 10 == 0
                            ? new BulkAuditWriter.Entry("svc-" + n % 13, "open_artifact", "m:1.0.0",
                            AuditEntry.Outcome.OK, Map.of("path", "weights/model.safetensors", "bytes", "1048576"))
                            : new BulkAuditWriter.Entry("user-" + n % 97, "get_model", "m", AuditEntry.Outcome.DENIED,
                            Map.of("reason", "no role grants models:read on m")));
                }
                written = writer.append(batch);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("wrote %,d entries in bulk in %.1f s (%,.0f entries/s)%n", entries, s, entries / s);
    }

    private interface Verify {
        AuditReport run();
    }

    private static void measure(String what, Verify verify, long entries) {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        long t0 = System.nanoTime();
        double cpu0 = cpuSeconds();
        AuditReport report = verify.run();
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = cpuSeconds() - cpu0;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        if (!report.valid() || report.entries() < entries) {
            throw new IllegalStateException("verification failed: " + report);
        }
        System.out.printf("  %-50s %7.2f s wall, %7.2f s of CPU, %,.0f entries/s, heap peak %,d MiB (%d checkpoints, "
                + "%,d log entries)%n", what, wall, cpu, report.entries() / wall, peak >> 20,
                report.trustedCheckpoints(), report.logEntries());
    }

    /** The signing key kept in the work directory, so a reused trail's checkpoints stay trusted. */
    private static KeyPair key(Path work) throws Exception {
        Path priv = work.resolve("signing.key");
        Path pub = work.resolve("signing.pub");
        KeyFactory ed = KeyFactory.getInstance("Ed25519");
        if (Files.exists(priv) && Files.exists(pub)) {
            return new KeyPair(ed.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(pub))),
                    ed.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(priv))));
        }
        KeyPair k = SigningKeys.generate();
        Files.createDirectories(work);
        Files.write(pub, k.getPublic().getEncoded());
        Files.write(priv, k.getPrivate().getEncoded());
        return k;
    }

    /** CPU time of this process so far (every thread, the JVM's own included). */
    private static double cpuSeconds() {
        return ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }
}
