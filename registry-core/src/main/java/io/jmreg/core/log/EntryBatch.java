package io.jmreg.core.log;

import io.jmreg.api.exceptions.StorageException;
import io.jmreg.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The stored form of a group commit: log entries of several models written as one file, which is then created
 * (linked) as each of those entries, so that they share one write and one sync. It is one JSON document,
 * {@code {"schema":6,"entries":[E1,E2,...],"batch":[{"model":..,"seq":..,"offset":..,"length":..},...]}}, where each
 * {@code Ei} is an entry's bytes exactly as they would be stored alone and the index at the end gives where each one
 * lies in the file. A reader of entry n of a model takes its own bytes out ({@link #entryOf}); those, not the file,
 * are what the entry's digest and the audit trail pin. A library that does not know the format reads the document as
 * an entry of schema 6 and says to upgrade.
 */
public final class EntryBatch {
    /** The schema the file declares (above every entry schema a library reading only single entries knows). */
    public static final int SCHEMA = 6;
    private static final byte[] HEAD = ("{\"schema\":" + SCHEMA + ",\"entries\":[").getBytes(StandardCharsets.UTF_8);
    private static final byte[] INDEX = "],\"batch\":[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] END = "]}".getBytes(StandardCharsets.UTF_8);

    /** One entry of a batch: model, log position, and its bytes as stored alone. */
    public record Member(String model, long seq, byte[] bytes) {
    }

    /** Where one entry lies in the file. */
    record Indexed(String model, long seq, int offset, int length) {
    }

    private EntryBatch() {
    }

    /** The file of a group commit of {@code members} (each a JSON object, as {@link Json#write} makes entries). */
    public static byte[] encode(List<Member> members) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(
                members.stream().mapToInt(m -> m.bytes().length + 96).sum() + HEAD.length);
        out.writeBytes(HEAD);
        int[] offsets = new int[members.size()];
        for (int i = 0; i < members.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            offsets[i] = out.size();
            out.writeBytes(members.get(i).bytes());
        }
        out.writeBytes(INDEX);
        for (int i = 0; i < members.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            Member m = members.get(i);
            out.writeBytes(Json.write(new Indexed(m.model(), m.seq(), offsets[i], m.bytes().length)));
        }
        out.writeBytes(END);
        return out.toByteArray();
    }

    /** Whether {@code stored} is a group commit's file rather than one entry. */
    public static boolean isBatch(byte[] stored) {
        return stored.length >= HEAD.length && Arrays.equals(stored, 0, HEAD.length, HEAD, 0, HEAD.length);
    }

    /**
     * The bytes of entry {@code seq} of {@code model}, stored at {@code key} as {@code stored}: those bytes themselves
     * for a single entry (or an aborted, empty one), its own part of them for a group commit's file.
     *
     * @throws StorageException when the file is a group commit's that holds no such entry, or is damaged
     */
    public static byte[] entryOf(byte[] stored, String model, long seq, String key) {
        if (!isBatch(stored)) {
            return stored;
        }
        int index = lastIndexOf(stored, INDEX);
        if (index < 0 || !endsWith(stored, END)) {
            throw new StorageException("log entry '%s' is a group commit's file without its index: it was damaged", key);
        }
        int from = index + INDEX.length - 1; // the index's opening bracket
        Indexed[] entries = Json.read(Arrays.copyOfRange(stored, from, stored.length - 1), Indexed[].class, key);
        // the entries lie one after the other, separated by commas, from the head to the index: an index item moved
        // to another entry (of another model, with the same position) breaks that chain
        int next = HEAD.length;
        for (int i = 0; i < entries.length; i++) {
            Indexed e = entries[i];
            if (e.offset() != next || e.length() <= 0 || e.offset() > index - e.length()) {
                throw new StorageException("log entry '%s' is a group commit's file whose index does not match its "
                        + "entries (item %d of %d): it was damaged", key, i + 1, entries.length);
            }
            next = e.offset() + e.length() + 1;
        }
        if (entries.length == 0 || next - 1 != index) {
            throw new StorageException("log entry '%s' is a group commit's file whose index does not match its entries: "
                    + "it was damaged", key);
        }
        for (Indexed e : entries) {
            if (e.seq() == seq && model.equals(e.model())) {
                return Arrays.copyOfRange(stored, e.offset(), e.offset() + e.length());
            }
        }
        throw new StorageException("log entry '%s' is a group commit's file that holds no entry %d of model '%s': it was "
                + "damaged or put there by hand", key, seq, model);
    }

    private static boolean endsWith(byte[] data, byte[] suffix) {
        return data.length >= suffix.length
                && Arrays.equals(data, data.length - suffix.length, data.length, suffix, 0, suffix.length);
    }

    /**
     * The last place of {@code pattern} in {@code data}: the index's opening cannot occur after the index starts
     * (model names in it are JSON strings, whose quotes are escaped), and an entry's text before it does not matter.
     */
    private static int lastIndexOf(byte[] data, byte[] pattern) {
        for (int i = data.length - pattern.length; i >= 0; i--) {
            if (Arrays.equals(data, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        return -1;
    }
}
