package io.jmreg.core.search;

import com.fasterxml.jackson.core.type.TypeReference;
import io.jmreg.api.Names;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * A page token, of one of two kinds. A pinned token (sorted searches) holds the log position of every model the
 * caller could see when the first page was read, that page's "now" (for relative dates), a fingerprint of the query
 * and sort it belongs to, and the offset of the next page: later pages evaluate the query on the models exactly as
 * they were, so paging never repeats or skips a result while others write. A cursor token (the model list in name
 * order) holds instead the last model name of its page and the first page's total: the next page starts after that
 * name, so its cost is that of the page, not of every model, and no model that exists throughout is repeated or
 * skipped. On the wire it is opaque: deflated, then sealed with AES-GCM under the store's page-token key ({@link PageTokenKey}) with
 * the query, sort and principal as associated data, so it names nothing, cannot be forged or altered, and is refused
 * (with one message, whatever is wrong with it) for another query, sort or principal.
 *
 * @param search    fingerprint of query and sort
 * @param now       the first page's now, epoch milliseconds
 * @param offset    index of the first item of the page
 * @param positions model name to the log sequence number the search reads it at (empty in a cursor token)
 * @param after     a cursor token's last model name of the page before; null in a pinned token
 * @param total     a cursor token's total as of the first page
 */
record PageToken(String search, long now, long offset, Map<String, Long> positions, String after, long total) {
    private static final TypeReference<Map<String, Object>> DOCUMENT = new TypeReference<>() { };

    private static final int IV_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A pinned token. */
    PageToken(String search, long now, long offset, Map<String, Long> positions) {
        this(search, now, offset, positions, null, 0);
    }

    /** A cursor token: the next page starts after the model named {@code after}. */
    static PageToken cursor(String search, long now, long offset, String after, long total) {
        return new PageToken(search, now, offset, Map.of(), after, total);
    }

    /** Whether this is a cursor token (see the type's description). */
    boolean isCursor() {
        return after != null;
    }

    /** A fresh key for sealing one registry instance's tokens. */
    static SecretKey newKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256, RANDOM);
            return generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no AES: " + e.getMessage(), e);
        }
    }

    /** This token sealed under {@code key} for {@code principal}. */
    String seal(SecretKey key, String principal) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(associated(search, principal));
            byte[] sealed = cipher.doFinal(Base64.getUrlDecoder().decode(encode()));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a page token: " + e.getMessage(), e);
        }
    }

    /**
     * Opens a token sealed by {@link #seal} under {@code key} for the search {@code fingerprint} and
     * {@code principal}; anything else (forged, altered, another search, principal or registry instance) is one
     * {@link ValidationException} that says nothing about the token's content.
     */
    static PageToken open(String token, String fingerprint, String principal, SecretKey key) {
        byte[] plain;
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(token);
            if (bytes.length <= IV_BYTES + 16) {
                throw refused();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key,
                    new GCMParameterSpec(128, bytes, 0, IV_BYTES));
            cipher.updateAAD(associated(fingerprint, principal));
            plain = cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw refused();
        }
        return decode(Base64.getUrlEncoder().withoutPadding().encodeToString(plain), fingerprint);
    }

    private static byte[] associated(String fingerprint, String principal) {
        return ("jmreg-search-page\u0000" + fingerprint + "\u0000" + principal).getBytes(StandardCharsets.UTF_8);
    }

    private static ValidationException refused() {
        return new ValidationException("page token not valid here: pass the nextPageToken of a previous page of the "
                + "same query and sort, as the same principal, on the same store, unchanged; or start again without "
                + "a token");
    }

    /** The unsealed form: deflated JSON (sealed before it leaves the registry). */
    String encode() {
        Map<String, Object> doc = new TreeMap<>();
        doc.put("v", isCursor() ? 2 : 1);
        doc.put("s", search);
        doc.put("n", now);
        doc.put("o", offset);
        if (isCursor()) {
            doc.put("a", after);
            doc.put("t", total);
        } else {
            doc.put("p", positions);
        }
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
            boolean cursor = Integer.valueOf(2).equals(doc.get("v")) && doc.get("a") instanceof String
                    && doc.get("t") instanceof Number;
            if (!cursor && (!Integer.valueOf(1).equals(doc.get("v")) || !(doc.get("p") instanceof Map<?, ?>))) {
                throw new DataFormatException("unknown layout");
            }
            if (!fingerprint.equals(doc.get("s"))) {
                throw new ValidationException("the page token belongs to another query or sort: page with the query and "
                        + "sort of the first page, or start again without a token");
            }
            if (cursor) {
                return cursor(fingerprint, ((Number) doc.get("n")).longValue(), ((Number) doc.get("o")).longValue(),
                        Names.requireModelName((String) doc.get("a")), ((Number) doc.get("t")).longValue());
            }
            Map<?, ?> p = (Map<?, ?>) doc.get("p");
            Map<String, Long> positions = new TreeMap<>();
            p.forEach((k, v) -> positions.put(Names.requireModelName((String) k), ((Number) v).longValue()));
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
