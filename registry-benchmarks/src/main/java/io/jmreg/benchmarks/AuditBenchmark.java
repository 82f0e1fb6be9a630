package io.jmreg.benchmarks;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.audit.AuditOptions;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.audit.AuditReport;
import io.jmreg.api.audit.AuditVerification;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.signing.SigningKeys;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The audit trail on {@code file:}: fills a store with {@code entries} audit entries from several threads (denials,
 * and one metric update in ten, whose log entries verify then checks), then times verification (chain, signed
 * checkpoints every 1,000 entries, model logs), a query and a JSON Lines export, and prints entries per second.
 * Arguments: work directory, entries (default 100000), threads (default 8).
 */
public final class AuditBenchmark {
    private AuditBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "target/audit-bench").toAbsolutePath();
        long entries = args.length > 1 ? Long.parseLong(args[1]) : 100_000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        Path store = work.resolve("store-" + System.nanoTime());
        Files.createDirectories(work);
        KeyPair key = SigningKeys.generate();
        RegistryOptions options = RegistryOptions.builder("file:" + store).principal("bench")
                .cacheDirectory(work.resolve("cache")).audit(AuditOptions.defaults().signedWith(key)
                        .checkpointing(1000, Duration.ofHours(1))).build();
        try (ModelRegistry registry = ModelRegistry.open(options)) {
            registry.registerModel(Registration.builder("m").version("1.0.0").build());
            registry.access().install(AccessPolicy.builder().grant("bench", "model_admin").build());
            ModelRegistry outsider = registry.as("outsider");
            AtomicLong written = new AtomicLong(2);
            long t0 = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (long n; (n = written.incrementAndGet()) <= entries; ) {
                        if (n % 10 == 0) {
                            registry.updateMetrics("m:1.0.0", Map.of("t" + thread, (double) n));
                        } else {
                            try {
                                outsider.getModel("m");
                            } catch (AccessDeniedException expected) {
                                // audited
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            double fill = (System.nanoTime() - t0) / 1e9;
            System.out.printf("audit trail of %,d entries written by %d threads on file: in %.1f s (%,.0f entries/s, "
                    + "group commit)%n", entries, threads, fill, entries / fill);

            t0 = System.nanoTime();
            AuditReport report = registry.audit().verify(AuditVerification.trusting(key.getPublic()));
            double full = (System.nanoTime() - t0) / 1e9;
            if (!report.valid() || report.entries() < entries) {
                throw new IllegalStateException("verification failed: " + report);
            }
            System.out.printf("  verify (chain, %d signed checkpoints, %,d model log entries)  %6.2f s  %,.0f entries/s%n",
                    report.trustedCheckpoints(), report.logEntries(), full, report.entries() / full);
            t0 = System.nanoTime();
            AuditReport chain = registry.audit().verify(AuditVerification.trusting(key.getPublic()).chainOnly());
            double chainOnly = (System.nanoTime() - t0) / 1e9;
            System.out.printf("  verify (chain and checkpoints only)                     %6.2f s  %,.0f entries/s%n",
                    chainOnly, chain.entries() / chainOnly);
            t0 = System.nanoTime();
            int found = registry.audit().query(AuditQuery.all().action("update_metrics")).size();
            double query = (System.nanoTime() - t0) / 1e9;
            System.out.printf("  query action=update_metrics (%,d found)                  %6.2f s%n", found, query);
            t0 = System.nanoTime();
            long exported = registry.audit().export(AuditQuery.all(), OutputStream.nullOutputStream());
            double export = (System.nanoTime() - t0) / 1e9;
            System.out.printf("  export as JSON Lines (%,d entries)                      %6.2f s  %,.0f entries/s%n",
                    exported, export, exported / export);
        }
    }
}
