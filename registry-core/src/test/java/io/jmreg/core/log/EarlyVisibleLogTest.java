package io.jmreg.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.audit.AuditReport;
import io.jmreg.api.audit.AuditVerification;
import io.jmreg.api.exceptions.ModelNotFoundException;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.search.SearchRequest;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a store whose log entries become visible before they are durable: commits write through that capability, a
 * commit on top of an entry another writer made syncs that entry first (and only then), and an entry a crash left
 * empty is passed as changing nothing by every reader: state, history, search, audit verification, the next commit.
 */
class EarlyVisibleLogTest {
    @TempDir
    Path temp;

    private final String name = "early-" + UUID.randomUUID();

    @Test
    void aCommitOnAnotherWritersEntrySyncsItFirstAndOnItsOwnEntriesNever() {
        try (ModelRegistry a = open("a"); ModelRegistry b = open("b")) {
            a.registerModel(Registration.builder("m").version("1.0.0").build());
            a.registerModel(Registration.builder("m").version("1.0.1").build());
            assertThat(EarlyVisibleProvider.WRITTEN).contains(StoreLayout.logKey("m", 1), StoreLayout.logKey("m", 2));
            assertThat(syncsOf("m")).as("a builds on its own durable entries").isEmpty();
            b.registerModel(Registration.builder("m").version("1.0.2").build());
            assertThat(syncsOf("m")).as("b builds on a's entry 2").containsExactly(StoreLayout.logKey("m", 2));
            b.registerModel(Registration.builder("m").version("1.0.3").build());
            assertThat(syncsOf("m")).as("then on its own").hasSize(1);
            a.registerModel(Registration.builder("m").version("1.0.4").build());
            assertThat(syncsOf("m")).as("a builds on b's entry 4")
                    .containsExactly(StoreLayout.logKey("m", 2), StoreLayout.logKey("m", 4));
        }
    }

    @Test
    void checkpointsAreWrittenWithoutSyncs() {
        try (ModelRegistry r = open("cp")) {
            for (int i = 0; i < ModelLog.CHECKPOINT_INTERVAL; i++) {
                r.registerModel(Registration.builder("cp").version("1.0." + i).build());
            }
        }
        assertThat(EarlyVisibleProvider.UNSYNCED).contains(StoreLayout.checkpointKey("cp", ModelLog.CHECKPOINT_INTERVAL));
    }

    @Test
    void anEntryLeftEmptyByACrashChangesNothingAndTheNextCommitGoesAfterIt() {
        try (ModelRegistry r = open("r")) {
            r.registerModel(Registration.builder("m").version("1.0.0").build());
            r.registerModel(Registration.builder("m").version("1.0.1").build());
        }
        try (StorageBackend raw = StorageBackends.open("mem:" + name, Map.of())) {
            // what a crash of the machine between the link and the sync of entry 3 can leave
            assertThat(raw.putIfAbsent(StoreLayout.logKey("m", 3), new byte[0])).isTrue();
            assertThat(raw.putIfAbsent(StoreLayout.logKey("only-aborted", 1), new byte[0])).isTrue();
        }
        try (ModelRegistry r = open("after")) {
            assertThat(r.listVersions("m")).extracting(ModelVersion::version).containsExactly("1.0.0", "1.0.1");
            assertThatThrownBy(() -> r.listVersions("only-aborted")).as("a model whose only entry is aborted")
                    .isInstanceOf(ModelNotFoundException.class);
            assertThat(r.search().versions(SearchRequest.of("name:only-aborted")).total()).isZero();
            r.registerModel(Registration.builder("m").version("1.0.2").build());
            assertThat(r.listVersions("m")).extracting(ModelVersion::version).containsExactly("1.0.0", "1.0.1", "1.0.2");
            assertThat(r.search().versions(SearchRequest.of("name:m")).total()).isEqualTo(3);
            AuditReport report = r.audit().verify(AuditVerification.trusting());
            assertThat(report.valid()).as(String.valueOf(report)).isTrue();
            assertThat(report.unauditedCount()).as("the empty entry is no unaudited change").isZero();
        }
        try (StorageBackend raw = StorageBackends.open("mem:" + name, Map.of())) {
            assertThat(raw.getBytes(StoreLayout.logKey("m", 4))).as("committed after the aborted entry").isNotEmpty();
        }
        try (ModelRegistry cold = open("cold")) {
            assertThat(cold.listVersions("m")).as("replayed by a new reader").hasSize(3);
        }
    }

    private ModelRegistry open(String cache) {
        return ModelRegistry.open(RegistryOptions.builder("earlyvisible:" + name).cacheDirectory(temp.resolve(cache))
                .staleness(Duration.ZERO).build());
    }

    private static List<String> syncsOf(String model) {
        return EarlyVisibleProvider.SYNCED.stream().filter(k -> k.startsWith(StoreLayout.logPrefix(model))).toList();
    }
}
