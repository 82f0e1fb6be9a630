package io.jmreg.storage.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.audit.AuditReport;
import io.jmreg.api.audit.AuditVerification;
import io.jmreg.api.audit.AuditedCommit;
import io.jmreg.testkit.process.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit entry of a commit is sealed after the commit is acknowledged; a process killed (SIGKILL) in between leaves
 * commits whose log entries carry their audit intent, and the next process to open the store seals them, so that
 * verify finds the trail complete, not unaudited; two processes sealing them at the same time seal each exactly once.
 */
class AuditSealingCrashTest {
    @TempDir
    Path temp;

    private Process start(String name, String uri, String model, int count, String mode, String... more)
            throws Exception {
        String[] args = new String[6 + more.length];
        args[0] = uri;
        args[1] = temp.resolve("work-" + name).toString();
        args[2] = model;
        args[3] = Integer.toString(count);
        args[4] = mode.equals("hold") ? "60000" : "100"; // a holder never seals before it is killed
        args[5] = mode;
        System.arraycopy(more, 0, args, 6, more.length);
        return ChildJvm.start(temp.resolve(name + ".log"), List.of("-Xmx128m"), SealingChildMain.class, args);
    }

    private void await(String name, Process child, String line) throws Exception {
        Path log = temp.resolve(name + ".log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.readString(log).contains(line)) {
            assertThat(child.isAlive()).as("%s died: %s", name, Files.readString(log)).isTrue();
            assertThat(System.nanoTime()).as("%s printed %s in time", name, line).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static void kill(Process child) throws Exception {
        child.destroyForcibly(); // SIGKILL on Linux
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private ModelRegistry open(String uri, String principal) {
        return ModelRegistry.open(RegistryOptions.builder(uri).principal(principal).staleness(Duration.ZERO)
                .cacheDirectory(temp.resolve("cache-" + principal)).build());
    }

    /** Every commit the trail audits, with how many entries audit it. */
    private static Map<String, Long> sealedCommits(List<AuditEntry> entries) {
        return entries.stream().flatMap(e -> e.commits().stream()).map(c -> c.model() + "#" + c.seq())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    @Test
    void registrationsAcknowledgedByAKilledProcessAreSealedByTheNextProcessAndVerify() throws Exception {
        String uri = "file:" + temp.resolve("store");
        Process child = start("killed", uri, "crashy", 3, "hold");
        await("killed", child, "REGISTERED 3");
        kill(child); // right after its third acknowledged registration, its audit entries still queued

        try (ModelRegistry next = open(uri, "next")) {
            assertThat(next.listVersions("crashy")).hasSize(3);
            next.registerModel(Registration.builder("other").version("1.0.0").build()); // a writer
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            List<AuditEntry> sealed;
            do { // the commits are sealed once 2 s old, by the writer's sealer or this reader
                assertThat(System.nanoTime()).as("the killed process's commits sealed in time").isLessThan(deadline);
                Thread.sleep(100);
                sealed = next.audit().query(AuditQuery.all().principal("crashy-writer"));
            } while (sealed.size() < 3);
            assertThat(sealed).extracting(AuditEntry::action).containsExactly("register", "register", "register");
            assertThat(sealed).extracting(AuditEntry::resource).containsExactly("crashy:1.0.1", "crashy:1.0.2",
                    "crashy:1.0.3");
            assertThat(sealed).allSatisfy(e -> assertThat(e.details()).containsEntry("recovered", "true"));
            assertThat(sealed).flatExtracting(AuditEntry::commits).extracting(AuditedCommit::seq)
                    .containsExactly(1L, 2L, 3L);
            AuditReport report = next.audit().verify(AuditVerification.trusting());
            assertThat(report.valid()).as("%s", report.problem()).isTrue();
            assertThat(report.unauditedCount()).as("nothing unaudited").isZero();
            assertThat(report.pendingCount()).isZero();
            assertThat(report.logEntries()).isEqualTo(4);
        }
    }

    @Test
    void aProcessThatStaysOpenSealsWhatAProcessKilledMeanwhileLeft() throws Exception {
        String uri = "file:" + temp.resolve("store");
        try (ModelRegistry survivor = open(uri, "survivor")) {
            survivor.registerModel(Registration.builder("steady").version("1.0.0").build()); // its sealer runs
            assertThat(survivor.audit().verify(AuditVerification.trusting()).valid()).isTrue(); // its look on opening
            Process child = start("killed", uri, "crashy", 3, "hold");
            await("killed", child, "REGISTERED 3");
            kill(child); // after the survivor opened: only its sealer's periodic look can find these
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            List<AuditEntry> sealed;
            int i = 1;
            do {
                assertThat(System.nanoTime()).as("the killed process's commits sealed in time").isLessThan(deadline);
                survivor.registerModel(Registration.builder("steady").version("1.0." + i++).build());
                Thread.sleep(200);
                sealed = survivor.audit().query(AuditQuery.all().principal("crashy-writer"));
            } while (sealed.size() < 3);
            assertThat(sealed).allSatisfy(e -> assertThat(e.details()).containsEntry("recovered", "true"));
            assertThat(sealedCommits(survivor.audit().query(AuditQuery.all())).values()).containsOnly(1L);
            AuditReport report = survivor.audit().verify(AuditVerification.trusting());
            assertThat(report.valid()).as("%s", report.problem()).isTrue();
            assertThat(report.unauditedCount()).isZero();
        }
    }

    @Test
    void twoProcessesSealingWhatAKilledOneLeftSealEachCommitExactlyOnce() throws Exception {
        String uri = "file:" + temp.resolve("store");
        Process dead = start("killed", uri, "orphans", 20, "hold");
        await("killed", dead, "REGISTERED 20");
        kill(dead);
        Thread.sleep(2_500); // old enough for any process to seal them

        Path go = temp.resolve("go");
        Process b = start("b", uri, "bee", 10, "seal", go.toString());
        Process c = start("c", uri, "sea", 10, "seal", go.toString());
        await("b", b, "READY");
        await("c", c, "READY");
        Files.writeString(go, "go"); // both at once: each seals the orphans in its sealer (within 10 s) and verify
        assertThat(b.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(c.waitFor(120, TimeUnit.SECONDS)).isTrue();
        for (String name : List.of("b", "c")) {
            String log = Files.readString(temp.resolve(name + ".log"));
            assertThat(log).as(name).contains("VERIFIED true").contains("DONE");
        }

        try (ModelRegistry r = open(uri, "auditor")) {
            List<AuditEntry> all = r.audit().query(AuditQuery.all());
            Map<String, Long> sealed = sealedCommits(all);
            assertThat(sealed).as("every commit sealed").hasSize(40);
            assertThat(sealed.values()).as("each exactly once").containsOnly(1L);
            assertThat(all.stream().filter(e -> e.principal().equals("orphans-writer")))
                    .hasSize(20).allSatisfy(e -> assertThat(e.details()).containsEntry("recovered", "true"));
            AuditReport report = r.audit().verify(AuditVerification.trusting().withMaxAuditLag(Duration.ofMinutes(5)));
            assertThat(report.valid()).as("%s", report.problem()).isTrue();
            assertThat(report.unauditedCount()).isZero();
            assertThat(report.logEntries()).isEqualTo(40);
        }
    }
}
