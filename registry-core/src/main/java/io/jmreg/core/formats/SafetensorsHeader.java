package io.jmreg.core.formats;

import com.fasterxml.jackson.databind.JsonNode;
import io.jmreg.core.json.Json;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A safetensors header, described only when it passes the rules of the format's reference library: an 8-byte
 * little-endian header length N with 8 + N within the file, a JSON object header, every tensor a known dtype with a
 * non-negative shape and {@code data_offsets [begin, end]}, the tensors' spans contiguous from 0 (sorted by offset,
 * each beginning where the previous ended) and ending exactly at the end of the file, and each span equal to the
 * dtype's size times the shape's element count. Anything else is {@link #INVALID}.
 */
final class SafetensorsHeader {
    /** The reference library's limit on the header length. */
    static final long MAX_HEADER = 100L * 1024 * 1024;
    /** Element sizes in bits, as the reference library's {@code Dtype::bitsize}. */
    private static final Map<String, Integer> BITS = Map.ofEntries(Map.entry("BOOL", 8), Map.entry("U8", 8),
            Map.entry("I8", 8), Map.entry("F8_E5M2", 8), Map.entry("F8_E4M3", 8), Map.entry("F8_E8M0", 8),
            Map.entry("I16", 16), Map.entry("U16", 16), Map.entry("F16", 16), Map.entry("BF16", 16),
            Map.entry("I32", 32), Map.entry("U32", 32), Map.entry("F32", 32), Map.entry("I64", 64), Map.entry("U64", 64),
            Map.entry("F64", 64), Map.entry("C64", 64), Map.entry("F4", 4), Map.entry("F6_E2M3", 6),
            Map.entry("F6_E3M2", 6));

    /** A file that claims (by name or layout) to be safetensors but breaks the format's rules. */
    static final FormatInfo INVALID = FormatInfo.of("safetensors-invalid", false);

    private SafetensorsHeader() {
    }

    /** Whether the first bytes look like safetensors: a plausible header length, then '{'. */
    static boolean looksLike(byte[] first, long fileSize) {
        if (first.length < 9 || first[8] != '{') {
            return false;
        }
        long n = 0;
        for (int i = 7; i >= 0; i--) {
            n = n << 8 | (first[i] & 0xff);
        }
        return n >= 2 && n <= MAX_HEADER;
    }

    /** Reads and checks the header of a {@code fileSize}-byte file from {@code in} (at its start); never throws. */
    static FormatInfo read(InputStream in, long fileSize) {
        try {
            LittleEndianReader r = new LittleEndianReader(in);
            long n = r.u64();
            if (n < 2 || n > MAX_HEADER || 8 + n > fileSize) {
                return INVALID;
            }
            JsonNode header = Json.mapper().readTree(r.bytes((int) n));
            if (header == null || !header.isObject()) {
                return INVALID;
            }
            return describe(header, fileSize - 8 - n);
        } catch (IOException | RuntimeException e) {
            return INVALID;
        }
    }

    private record Span(long begin, long end) {
    }

    private static FormatInfo describe(JsonNode header, long dataLength) {
        long params = 0;
        Set<String> dtypes = new TreeSet<>();
        Map<String, String> metadata = new TreeMap<>();
        List<Span> spans = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : header.properties()) {
            if (e.getKey().equals("__metadata__")) {
                if (!e.getValue().isObject()) {
                    return INVALID;
                }
                for (Map.Entry<String, JsonNode> m : e.getValue().properties()) {
                    if (!m.getValue().isTextual()) {
                        return INVALID; // the reference library reads metadata as string -> string
                    }
                    metadata.put(m.getKey(), m.getValue().asText());
                }
                continue;
            }
            JsonNode t = e.getValue();
            Integer bits = BITS.get(t.path("dtype").asText(""));
            JsonNode shape = t.path("shape");
            JsonNode offsets = t.path("data_offsets");
            if (bits == null || !shape.isArray() || !offsets.isArray() || offsets.size() != 2
                    || !offsets.get(0).canConvertToExactIntegral() || !offsets.get(1).canConvertToExactIntegral()) {
                return INVALID;
            }
            long elements = 1;
            for (JsonNode d : shape) {
                if (!d.isIntegralNumber() || !d.canConvertToLong() || d.asLong() < 0) {
                    return INVALID;
                }
                elements = Math.multiplyExact(elements, d.asLong());
            }
            long begin = offsets.get(0).asLong();
            long end = offsets.get(1).asLong();
            long bitCount = Math.multiplyExact(elements, bits);
            if (begin < 0 || end < begin || bitCount % 8 != 0 || bitCount / 8 != end - begin) {
                return INVALID;
            }
            spans.add(new Span(begin, end));
            dtypes.add(t.path("dtype").asText());
            params = Math.addExact(params, elements);
        }
        spans.sort(Comparator.comparingLong(Span::begin).thenComparingLong(Span::end));
        long at = 0;
        for (Span s : spans) {
            if (s.begin() != at) {
                return INVALID; // a gap or an overlap
            }
            at = s.end();
        }
        if (at != dataLength) {
            return INVALID; // data missing (truncated) or bytes no tensor accounts for
        }
        return new FormatInfo("safetensors", false, (long) spans.size(), params, List.copyOf(dtypes), metadata, null,
                FormatInfo.Declared.NONE);
    }
}
