package io.jmreg.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.audit.AuditVerification;
import io.jmreg.api.model.AliasChange;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.search.SearchPage;
import io.jmreg.api.search.SearchRequest;
import io.jmreg.testkit.process.ChildJvm;
import io.jmreg.testkit.process.ConcurrentWriterMain;
import io.jmreg.api.model.AliasChange;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.testkit.process.ChildStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 4 JVM processes x 4 threads x 25 operations on one model in one store: nothing is lost or duplicated. */
public abstract class MultiProcessConcurrencyContract {
    /** For subclasses that bind the suite to a backend. */
    protected MultiProcessConcurrencyContract() {
    }

    /** The URI of a fresh, empty store for this test (it may use {@code temp}). */
    protected abstract String storeUri(Path temp) throws Exception;

    /**
     * Opens a registry with {@code options} (on a store {@link #storeUri} made, or on the URI of a registry this
     * suite opened); a run through a server overrides it to open a client of a server over that store.
     */
    protected ModelRegistry openRegistry(RegistryOptions options) {
        return ModelRegistry.open(options);
    }

    /**
     * How child processes open {@code store}; a run through a server overrides it to give them a server's URI over
     * the store and its token.
     */
    protected ChildStore childStore(String store) throws Exception {
        return ChildStore.direct(store);
    }

    static final int PROCESSES = 4;
    static final int THREADS = 4;
    static final int EACH = 25;

    /** Scratch space. */
    @TempDir
    protected Path temp;

    private List<String> runWriters(String uri, String mode) throws Exception {
        return runWriters(childStore(uri), mode, PROCESSES, THREADS, EACH);
    }

    private List<String> runWriters(ChildStore store, String mode, int processCount, int threads, int each)
            throws Exception {
        List<Process> processes = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (int p = 0; p < processCount; p++) {
            Path log = temp.resolve(mode + "-" + p + ".log");
            logs.add(log);
            processes.add(ChildJvm.start(log, List.of("-Xmx256m"), store, ConcurrentWriterMain.class, mode,
                    "proc-" + p, "" + threads, "" + each, temp.resolve("cache-" + p).toString()));
        }
        List<String> versions = new ArrayList<>();
        for (int p = 0; p < processCount; p++) {
            assertThat(processes.get(p).waitFor(10, TimeUnit.MINUTES)).as("process %d finished", p).isTrue();
            String output = Files.readString(logs.get(p));
            assertThat(processes.get(p).exitValue()).as("exit of process %d:%n%s", p, output).isZero();
            output.lines().filter(l -> l.startsWith("VERSION ")).map(l -> l.substring(8)).forEach(versions::add);
        }
        return versions;
    }

    @Test
    void concurrentAutoBumpsAcrossProcessesGive400DistinctVersions() throws Exception {
        String uri = storeUri(temp);
        ModelRegistry searcher = openRegistry(RegistryOptions.builder(uri).cacheDirectory(temp.resolve("s"))
                .staleness(Duration.ZERO).property("catalog.compact-after-hints", "8").build());
        AtomicBoolean writing = new AtomicBoolean(true);
        CompletableFuture<Long> searches = CompletableFuture.supplyAsync(() -> {
            long n = 0;
            while (writing.get()) {
                searcher.search().versions(SearchRequest.of("name:race").limit(1));
                n++;
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return n;
                }
            }
            return n;
        });
        List<String> handedOut;
        try {
            handedOut = runWriters(uri, "bump");
        } finally {
            writing.set(false);
        }
        assertThat(searches.get(1, TimeUnit.MINUTES)).as("searches while the writers committed").isPositive();
        int total = PROCESSES * THREADS * EACH;
        assertThat(handedOut).hasSize(total);
        assertThat(new HashSet<>(handedOut)).hasSize(total);
        try (ModelRegistry registry = openRegistry(RegistryOptions.builder(uri).cacheDirectory(temp.resolve("c")).build())) {
            List<ModelVersion> versions = registry.listVersions("race");
            assertThat(versions).hasSize(total);
            assertThat(versions.stream().map(ModelVersion::version).collect(Collectors.toSet()))
                    .isEqualTo(new HashSet<>(handedOut));
            assertThat(versions.get(total - 1).version()).isEqualTo("0.0." + total);
            Map<String, Long> perProcess = versions.stream().collect(Collectors.groupingBy(ModelVersion::createdBy,
                    Collectors.counting()));
            assertThat(perProcess).hasSize(PROCESSES).allSatisfy((p, n) -> assertThat(n).isEqualTo(THREADS * EACH));
            List<String> all = versions.stream().map(ModelVersion::reference).toList();
            assertThat(searchAll(registry)).as("a fresh instance's catalog").isEqualTo(all);
            assertThat(searchAll(searcher)).as("the catalog of an instance that searched during the writes").isEqualTo(all);
        } finally {
            searcher.close();
        }
    }

    /** Every version the catalog finds, paged 100 at a time, sorted by name and version. */
    static List<String> searchAll(ModelRegistry registry) {
        List<String> out = new ArrayList<>();
        SearchRequest request = SearchRequest.of("").limit(100);
        while (true) {
            SearchPage<ModelVersion> page = registry.search().versions(request);
            page.items().forEach(v -> out.add(v.reference()));
            if (page.nextPageToken() == null) {
                return out;
            }
            request = request.next(page);
        }
    }

    @Test
    void collectionsInOtherProcessesNeverDeleteABlobOfALiveVersion() throws Exception {
        String uri = storeUri(temp);
        List<Process> collectors = new ArrayList<>();
        List<Path> collectorLogs = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            Path log = temp.resolve("collector-" + c + ".log");
            collectorLogs.add(log);
            collectors.add(ChildJvm.start(log, List.of("-Xmx256m"), childStore(uri), ConcurrentWriterMain.class,
                    "gc-collect", "collector-" + c, "1", "1", temp.resolve("collectors").resolve("cache-" + c).toString()));
        }
        List<String> live;
        try {
            live = runWriters(childStore(uri), "gc-register", 3, 2, 8);
        } finally {
            Files.createDirectories(temp.resolve("collectors"));
            Files.writeString(temp.resolve("collectors").resolve("stop"), "");
        }
        long collections = 0;
        for (int c = 0; c < collectors.size(); c++) {
            assertThat(collectors.get(c).waitFor(5, TimeUnit.MINUTES)).isTrue();
            String output = Files.readString(collectorLogs.get(c));
            assertThat(collectors.get(c).exitValue()).as("collector %d:%n%s", c, output).isZero();
            collections += output.lines().filter(l -> l.startsWith("COLLECTIONS ")).mapToLong(l -> Long.parseLong(l.substring(12)))
                    .sum();
        }
        assertThat(collections).as("collections that ran while the writers registered").isGreaterThan(2);
        try (ModelRegistry registry = openRegistry(RegistryOptions.builder(uri).cacheDirectory(temp.resolve("c")).build())) {
            registry.collectGarbage(Duration.ZERO);
            List<ModelVersion> versions = registry.listVersions("race");
            assertThat(versions).extracting(ModelVersion::version).containsExactlyInAnyOrderElementsOf(live);
            for (ModelVersion v : versions) {
                Path out = registry.pull(v.reference());
                for (ArtifactFile f : v.artifacts().files()) {
                    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(Files.readAllBytes(out.resolve(f.path()))))).isEqualTo(f.sha256());
                }
            }
        }
    }

    @Test
    void concurrentAliasMovesAndMetricUpdatesAreNeverLost() throws Exception {
        String uri = storeUri(temp);
        try (ModelRegistry registry = openRegistry(RegistryOptions.builder(uri).cacheDirectory(temp.resolve("c")).build())) {
            for (int i = 0; i < 10; i++) {
                registry.registerModel(Registration.builder("race").version("1.0." + i).build());
            }
        }
        runWriters(uri, "alias");
        int total = PROCESSES * THREADS * EACH;
        try (ModelRegistry registry = openRegistry(RegistryOptions.builder(uri).cacheDirectory(temp.resolve("c")).build())) {
            List<AliasChange> history = registry.aliasHistory("race", "production");
            assertThat(history).hasSize(total);
            Map<String, Long> perProcess = history.stream().collect(Collectors.groupingBy(AliasChange::by, Collectors.counting()));
            assertThat(perProcess).hasSize(PROCESSES).allSatisfy((p, n) -> assertThat(n).isEqualTo(THREADS * EACH));
            for (int i = 1; i < history.size(); i++) {
                assertThat(history.get(i).previous()).isEqualTo(history.get(i - 1).version());
                assertThat(history.get(i).sequence()).isGreaterThan(history.get(i - 1).sequence());
            }
            assertThat(registry.aliases("race").get("production")).isEqualTo(history.get(total - 1).version());
            Set<String> metrics = registry.resolve("race:1.0.0").metrics().keySet();
            assertThat(metrics).hasSize(total);
        }
    }

    @Test
    void auditEntriesOfFourProcessesFormOneChainWithNoneLost() throws Exception {
        String uri = storeUri(temp);
        try (ModelRegistry registry = openRegistry(RegistryOptions.builder(uri).cacheDirectory(temp.resolve("c")).build())) {
            for (int i = 0; i < 10; i++) {
                Path dir = Files.createDirectories(temp.resolve("v" + i));
                Files.writeString(dir.resolve("w.bin"), "weights " + i);
                registry.registerModel(Registration.builder("race").version("1.0." + i).artifacts(dir).build());
            }
        }
        int each = 12; // each operation also opens a registry to download with an empty cache: slow on S3
        runWriters(childStore(uri), "audit", PROCESSES, THREADS, each);
        int total = PROCESSES * THREADS * each;
        StringBuilder childProblems = new StringBuilder();
        for (int p = 0; p < PROCESSES; p++) {
            Files.readString(temp.resolve("audit-" + p + ".log")).lines()
                    .filter(l -> l.contains("ERROR") || l.contains("WARN")).forEach(l -> childProblems.append(l).append('\n'));
        }
        try (ModelRegistry registry = openRegistry(RegistryOptions.builder(uri).cacheDirectory(temp.resolve("c")).build())) {
            var audit = registry.audit();
            var report = audit.verify(AuditVerification.trusting());
            var entries = audit.query(AuditQuery.all());
            Map<String, Long> byAction = entries.stream().collect(Collectors.groupingBy(
                    AuditEntry::action, Collectors.counting()));
            String diagnosis = "report " + report + ", by action " + byAction + ", children's warnings:\n" + childProblems;
            assertThat(report.valid()).as(diagnosis).isTrue();
            assertThat(report.unauditedCount()).as("log entries without an audit entry: %s", diagnosis).isZero();
            assertThat(report.entries()).as(diagnosis).isEqualTo(10 + 2L * total);
            assertThat(report.logEntries()).isEqualTo(10 + total);
            assertThat(byAction).containsEntry("register", 10L).containsEntry("update_metrics", (long) total)
                    .containsEntry("open_artifact", (long) total).hasSize(3);
            Map<String, Long> downloadsPerProcess = entries.stream().filter(e -> e.action().equals("open_artifact"))
                    .collect(Collectors.groupingBy(AuditEntry::principal, Collectors.counting()));
            assertThat(downloadsPerProcess).hasSize(PROCESSES).allSatisfy((p, n) -> assertThat(n).isEqualTo(THREADS * each));
            assertThat(registry.resolve("race:1.0.0").metrics()).hasSize(total);
        }
    }
}
