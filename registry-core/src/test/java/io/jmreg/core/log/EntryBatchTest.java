package io.jmreg.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.exceptions.StorageException;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stored form of a group commit: each entry's own bytes come back exactly, from any place in the file. */
class EntryBatchTest {
    private static byte[] entry(String model, long seq, String description) {
        ModelVersion record = ModelVersion.builder(model, "1.0." + seq, Instant.parse("2026-12-01T00:00:00Z"))
                .description(description).build();
        return Json.write(LogEntry.register(record).stamped(seq, "c-" + model + seq, Instant.parse("2026-12-08T00:00:00Z"),
                "tester"));
    }

    @Test
    void eachEntryComesBackAsStoredAloneWhateverItsTextHolds() throws Exception {
        byte[] a = entry("a", 3, "plain");
        byte[] b = entry("b", 9, "tricky ],\"batch\":[ {\"schema\":6,\"entries\":[ \n ]}"); // the format's own markers
        byte[] c = entry("c.v2", 1, "ünïcödé ✓");
        byte[] file = EntryBatch.encode(List.of(new EntryBatch.Member("a", 3, a), new EntryBatch.Member("b", 9, b),
                new EntryBatch.Member("c.v2", 1, c)));
        assertThat(EntryBatch.isBatch(file)).isTrue();
        assertThat(EntryBatch.entryOf(file, "a", 3, "k")).isEqualTo(a);
        assertThat(EntryBatch.entryOf(file, "b", 9, "k")).isEqualTo(b);
        assertThat(EntryBatch.entryOf(file, "c.v2", 1, "k")).isEqualTo(c);
        assertThat(Json.read(EntryBatch.entryOf(file, "b", 9, "k"), LogEntry.class, "k").record().description())
                .startsWith("tricky ],");
        assertThat(Json.mapper().readTree(file).get("entries")).as("one JSON document").hasSize(3);
    }

    @Test
    void singleEntriesAndEmptyOnesAreTheirOwnBytes() {
        byte[] a = entry("a", 1, "alone");
        assertThat(EntryBatch.isBatch(a)).isFalse();
        assertThat(EntryBatch.entryOf(a, "a", 1, "k")).isSameAs(a);
        assertThat(EntryBatch.entryOf(new byte[0], "a", 1, "k")).isEmpty(); // aborted: passed by readers
    }

    @Test
    void aLibraryThatKnowsOnlySingleEntriesReadsSchemaSixAndSaysToUpgrade() {
        byte[] file = EntryBatch.encode(List.of(new EntryBatch.Member("a", 1, entry("a", 1, "x")),
                new EntryBatch.Member("b", 1, entry("b", 1, "y"))));
        LogEntry asOld = Json.read(file, LogEntry.class, "k"); // what an older reader parses
        assertThat(asOld.schema()).isEqualTo(EntryBatch.SCHEMA).isGreaterThan(LogEntry.SCHEMA);
    }

    @Test
    void aFileWithoutTheEntryOrWithABrokenIndexIsRefusedByName() {
        byte[] file = EntryBatch.encode(List.of(new EntryBatch.Member("a", 1, entry("a", 1, "x")),
                new EntryBatch.Member("b", 2, entry("b", 2, "y"))));
        assertThatThrownBy(() -> EntryBatch.entryOf(file, "a", 2, "models/a/log/2"))
                .isInstanceOf(StorageException.class).hasMessageContaining("models/a/log/2")
                .hasMessageContaining("holds no entry 2 of model 'a'");
        byte[] cut = Arrays.copyOf(file, file.length - 5);
        assertThatThrownBy(() -> EntryBatch.entryOf(cut, "a", 1, "k")).isInstanceOf(StorageException.class)
                .hasMessageContaining("damaged");
        String text = new String(file, StandardCharsets.UTF_8);
        byte[] outside = text.replaceFirst("\"offset\":\\d+", "\"offset\":999999").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EntryBatch.entryOf(outside, "a", 1, "k")).isInstanceOf(StorageException.class)
                .hasMessageContaining("does not match its entries");
    }

    @Test
    void anIndexItemMovedToAnotherModelsEntryOfTheSamePositionIsRefused() {
        byte[] a = entry("a", 1, "a's");
        byte[] b = entry("b", 1, "b's");
        byte[] file = EntryBatch.encode(List.of(new EntryBatch.Member("a", 1, a), new EntryBatch.Member("b", 1, b)));
        String text = new String(file, StandardCharsets.UTF_8);
        int bOffset = text.indexOf("\"model\":\"b\",\"seq\":1,\"offset\":");
        String moved = text.substring(0, bOffset) + text.substring(bOffset).replaceFirst("\"offset\":\\d+",
                "\"offset\":23"); // b's item now points at a's entry, which has the same length
        assertThat(a.length).isEqualTo(b.length);
        assertThatThrownBy(() -> EntryBatch.entryOf(moved.getBytes(StandardCharsets.UTF_8), "b", 1, "models/b/log/1"))
                .isInstanceOf(StorageException.class).hasMessageContaining("models/b/log/1")
                .hasMessageContaining("does not match its entries (item 2 of 2)");
        int aLength = text.indexOf("\"length\":" + a.length);
        String shifted = text.substring(0, aLength) + "\"length\":" + (a.length - 1)
                + text.substring(aLength + ("\"length\":" + a.length).length());
        assertThatThrownBy(() -> EntryBatch.entryOf(shifted.getBytes(StandardCharsets.UTF_8), "a", 1, "k"))
                .hasMessageContaining("does not match");
    }
}
