package io.jmreg.server;

import io.jmreg.server.ui.Sessions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Paged, bounded lists: the {@code limit} query parameter (default {@value #DEFAULT_LIMIT}, at most
 * {@value #MAX_LIMIT}; more is a 400) and opaque {@code page_token}s. A token is the position after the last item of
 * a page (a model name, a version), encrypted and authenticated with AES-GCM, with the list it belongs to as
 * associated data: it reveals nothing and cannot be forged or used on another list. The key is derived from the
 * server's shared secret, so every server given the same secret accepts the others' tokens; without one it is made
 * when the server starts, and tokens are refused (400) after a restart.
 */
final class PageTokens {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final int IV_BYTES = 12;
    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    /** Tokens under a key derived from {@code sharedSecret}, or made now when it is null. */
    PageTokens(byte[] sharedSecret) {
        key = new SecretKeySpec(Sessions.derive(sharedSecret,
                "jmreg page tokens v1"), "AES");
    }

    /** One page of a list and the token of the next, null on the last page. */
    record Page<T>(List<T> items, String nextPageToken) {
    }

    /**
     * The page of {@code all} (in its stable order) that the request's {@code limit} and {@code page_token} ask for.
     * {@code list} names the list (tokens of one list are refused by another); {@code position} gives an item's
     * position key: the page continues after the item whose key the token holds, or, if that item is gone, after
     * as many items as the previous pages had.
     */
    <T> Page<T> page(Exchange x, String list, List<T> all, Function<T, String> position) {
        int limit = limit(x);
        String token = x.query("page_token");
        int start = 0;
        if (token != null) {
            String cursor = open(list, token);
            int colon = cursor.indexOf(':');
            int offset = Integer.parseInt(cursor.substring(0, colon));
            String after = cursor.substring(colon + 1);
            start = Math.min(offset, all.size());
            for (int i = 0; i < all.size(); i++) {
                if (position.apply(all.get(i)).equals(after)) {
                    start = i + 1;
                    break;
                }
            }
        }
        int end = Math.min(all.size(), start + limit);
        List<T> items = List.copyOf(all.subList(start, end));
        String next = end < all.size() ? seal(list, end + ":" + position.apply(all.get(end - 1))) : null;
        return new Page<>(items, next);
    }

    /** The request's {@code limit}: 1 to {@value #MAX_LIMIT}, {@value #DEFAULT_LIMIT} when absent. */
    static int limit(Exchange x) {
        int limit = x.intQuery("limit", DEFAULT_LIMIT);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new HttpError(400, "bad_request", "query parameter 'limit' must be between 1 and %d, got %d",
                    MAX_LIMIT, limit);
        }
        return limit;
    }

    /** The number of items before the page {@code token} starts (400 when the token is not valid for {@code list}). */
    int offset(String list, String token) {
        String cursor = open(list, token);
        return Integer.parseInt(cursor.substring(0, cursor.indexOf(':')));
    }

    String seal(String list, String cursor) {
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(list.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(cursor.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a page token: " + e.getMessage(), e);
        }
    }

    String open(String list, String token) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(token);
            if (bytes.length <= IV_BYTES + 16) {
                throw invalid();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, bytes, 0, IV_BYTES));
            cipher.updateAAD(list.getBytes(StandardCharsets.UTF_8));
            String cursor = new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
            if (!cursor.matches("[0-9]{1,9}:.*")) {
                throw invalid();
            }
            return cursor;
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw invalid();
        }
    }

    private static HttpError invalid() {
        return new HttpError(400, "bad_request", "page_token is not valid for this list: pass the next_page_token of "
                + "the previous page unchanged (tokens end when the server restarts; start again without one)");
    }
}
