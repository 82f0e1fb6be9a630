package io.jmreg.core.search;

import com.fasterxml.jackson.core.type.TypeReference;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.core.json.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * An opaque page token: the log position of every model when the first page was read, that page's "now" (for
 * relative dates), a fingerprint of the query and sort it belongs to, and the offset of the next page. Later pages
 * evaluate the query on the models exactly as they were, so paging never repeats or skips a result while others write.
 *
 * @param search    fingerprint of query and sort
 * @param now       the first page's now, epoch milliseconds
 * @param offset    index of the first item of the page
 * @param positions model name to the log sequence number the search reads it at
 */
record PageToken(String search, long now, long offset, Map<String, Long> positions) {
    private static final TypeReference<Map<String, Object>> DOCUMENT = new TypeReference<>() { };

    String encode() {
        Map<String, Object> doc = new TreeMap<>();
        doc.put("v", 1);
        doc.put("s", search);
        doc.put("n", now);
        doc.put("o", offset);
        doc.put("p", positions);
        byte[] json = Json.write(doc);
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        deflater.setInput(json);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!deflater.finished()) {
            out.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }

    /** Decodes a token of the search {@code fingerprint}, or says clearly why it cannot be used. */
    static PageToken decode(String token, String fingerprint) {
        try {
            byte[] packed = Base64.getUrlDecoder().decode(token);
            Inflater inflater = new Inflater();
            inflater.setInput(packed);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DataFormatException("truncated");
                }
                out.write(buf, 0, n);
                if (out.size() > 16 << 20) {
                    throw new DataFormatException("too large");
                }
            }
            inflater.end();
            Map<String, Object> doc = Json.mapper().readValue(out.toString(StandardCharsets.UTF_8), DOCUMENT);
            if (!Integer.valueOf(1).equals(doc.get("v")) || !(doc.get("p") instanceof Map<?, ?> p)) {
                throw new DataFormatException("unknown layout");
            }
            if (!fingerprint.equals(doc.get("s"))) {
                throw new ValidationException("the page token belongs to another query or sort: page with the query and "
                        + "sort of the first page, or start again without a token");
            }
            Map<String, Long> positions = new TreeMap<>();
            p.forEach((k, v) -> positions.put(io.jmreg.api.Names.requireModelName((String) k), ((Number) v).longValue()));
            return new PageToken(fingerprint, ((Number) doc.get("n")).longValue(), ((Number) doc.get("o")).longValue(),
                    positions);
        } catch (IllegalArgumentException | DataFormatException | IOException | ClassCastException | NullPointerException e) {
            throw new ValidationException("malformed page token (%s): pass the nextPageToken of a previous page unchanged",
                    e.getMessage());
        }
    }

    Instant nowInstant() {
        return Instant.ofEpochMilli(now);
    }
}
