package io.jmreg.storage.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.audit.AuditVerification;
import io.jmreg.api.exceptions.ModelNotFoundException;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.search.SearchRequest;
import io.jmreg.testkit.process.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM registering (and now and then collecting garbage) in a loop is killed with SIGKILL at random moments (every
 * other round only after its first acknowledged commit, so a slow machine still registers something),
 * 20 times, while this process collects garbage with grace zero in a loop. After each kill the store opens, every
 * visible version verifies byte for byte, no partial version is visible, and the catalog index (of a fresh instance
 * and of one open throughout, while the child also writes catalog generations) finds exactly the versions there are,
 * and the audit trail verifies (a kill between commits and the sealing of their audit entries leaves them pending,
 * for the next process to seal).
 */
class CrashSafetyTest {
    @TempDir
    Path temp;

    @Test
    void killedWritersNeverLeaveAPartialOrCorruptVersion() throws Exception {
        String uri = "file:" + temp.resolve("store");
        Random random = new Random(42);
        Set<String> verified = new HashSet<>();
        long previousSeq = 0;
        ModelRegistry searcher = ModelRegistry.open(RegistryOptions.builder(uri).staleness(Duration.ZERO)
                .property("catalog.compact-after-hints", "3").cacheDirectory(temp.resolve("searcher-cache")).build());
        for (int round = 0; round < 20; round++) {
            Path log = temp.resolve("child-" + round + ".log");
            Process child = ChildJvm.start(log, List.of("-Xmx128m"), CrashLoopMain.class, uri,
                    temp.resolve("work-" + round).toString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(log).contains("READY")) {
                assertThat(child.isAlive()).as("child of round %d died early: %s", round, Files.readString(log)).isTrue();
                assertThat(System.nanoTime()).as("child ready in time").isLessThan(deadline);
                Thread.sleep(20);
            }
            AtomicBoolean collecting = new AtomicBoolean(true);
            Path collectorCache = temp.resolve("collector-cache");
            CompletableFuture<Void> collector = CompletableFuture.runAsync(() -> {
                try (ModelRegistry gc = ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(collectorCache)
                        .property("gc.lease-seconds", "3").build())) {
                    while (collecting.get()) {
                        gc.collectGarbage(Duration.ZERO);
                    }
                }
            });
            if (round % 2 == 1) { // odd rounds kill after a first acknowledged commit, however slow the machine is
                while (!Files.readString(log).contains("REGISTERED")) {
                    assertThat(child.isAlive()).as("child of round %d died: %s", round, Files.readString(log)).isTrue();
                    assertThat(System.nanoTime()).as("child registered in time").isLessThan(deadline);
                    Thread.sleep(20);
                }
            }
            Thread.sleep(100 + random.nextInt(1200));
            child.destroyForcibly(); // SIGKILL on Linux
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            collecting.set(false);
            collector.get(60, TimeUnit.SECONDS);

            try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder(uri).staleness(Duration.ZERO)
                    .property("gc.lease-seconds", "3").cacheDirectory(temp.resolve("verify-cache-" + round)).build())) {
                registry.collectGarbage(Duration.ZERO);
                List<ModelVersion> versions;
                try {
                    versions = registry.listVersions("crashy");
                } catch (ModelNotFoundException killedBeforeFirstCommit) {
                    continue;
                }
                long seq = registry.getModel("crashy").sequence();
                assertThat(seq).isGreaterThanOrEqualTo(previousSeq);
                previousSeq = seq;
                for (ModelVersion v : versions) {
                    assertThat(v.artifacts().files()).extracting(ArtifactFile::path).containsExactly("config.json", "weights.bin");
                    if (verified.add(v.version())) {
                        Path out = registry.pull(v.reference(), temp.resolve("pulled-" + v.version()));
                        for (ArtifactFile f : v.artifacts().files()) {
                            byte[] bytes = Files.readAllBytes(out.resolve(f.path()));
                            assertThat(bytes).hasSize((int) f.size());
                            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)))
                                    .isEqualTo(f.sha256());
                        }
                        deleteTree(out);
                    }
                }
                List<String> all = versions.stream().map(ModelVersion::reference).toList();
                assertThat(catalogFinds(registry)).as("a fresh instance's catalog after kill %d", round).isEqualTo(all);
                assertThat(catalogFinds(searcher)).as("a long-lived catalog after kill %d", round).isEqualTo(all);
                var audit = registry.audit().verify(AuditVerification.trusting().toleratingUnaudited());
                assertThat(audit.valid()).as("audit trail after kill %d: %s", round, audit.problem()).isTrue();
                // a kill leaves the commits of its last seal delay unsealed: pending now, sealed by the next process
                // to open the store once 2 s old; those nobody sealed within the lag stay unaudited
                assertThat(audit.unauditedCount() - audit.pendingCount()).as("commits kills left unaudited past the lag")
                        .isLessThanOrEqualTo(round + 1L);
                String production = registry.aliases("crashy").get("production");
                if (production != null) {
                    assertThat(registry.resolve("crashy@production").version()).isEqualTo(production);
                }
            }
        }
        searcher.close();
        assertThat(verified).as("versions registered across all rounds").hasSizeGreaterThanOrEqualTo(10);
    }

    private static List<String> catalogFinds(ModelRegistry registry) {
        List<String> out = new ArrayList<>();
        var request = SearchRequest.of("name:crashy").limit(1000);
        while (true) {
            var page = registry.search().versions(request);
            page.items().forEach(v -> out.add(v.reference()));
            if (!page.hasNext()) {
                return out;
            }
            request = request.next(page);
        }
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
