package io.jmreg.server;

import io.jmreg.api.exceptions.ValidationException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer tokens and the principals they stand for. Only SHA-256 hashes of tokens are kept, so a leaked token file
 * reveals no token. The file has one line per token: {@code <principal> sha256:<hex>}, optionally followed by
 * {@code impersonate} for a trusted front end that may act for others (header {@code Jmreg-Act-As}); {@code #}
 * starts a comment. {@code jmreg token} prints a new token and its line.
 */
public final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, Holder> byHash;

    /**
     * A token's holder.
     *
     * @param principal   the principal the token stands for
     * @param impersonate whether the holder may act for other principals
     */
    public record Holder(String principal, boolean impersonate) {
    }

    private Tokens(Map<String, Holder> byHash) {
        this.byHash = Map.copyOf(byHash);
    }

    /** Tokens from lines in the file format. */
    public static Tokens parse(List<String> lines) {
        Map<String, Holder> map = new HashMap<>();
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] p = line.split("\\s+");
            if (p.length < 2 || p.length > 3 || !p[1].matches("sha256:[0-9a-f]{64}")
                    || (p.length == 3 && !p[2].equals("impersonate"))) {
                throw new ValidationException("token line %d must be '<principal> sha256:<64 hex> [impersonate]', got "
                        + "'%s'", n, line.length() > 80 ? line.substring(0, 80) + "..." : line);
            }
            if (map.put(p[1].substring(7), new Holder(p[0], p.length == 3)) != null) {
                throw new ValidationException("token line %d repeats a token hash", n);
            }
        }
        return new Tokens(map);
    }

    /** Tokens from a file in the format above. */
    public static Tokens load(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read token file " + file, e);
        }
    }

    /** Tokens given as a map from token to principal (for tests and embedding; nothing is written). */
    public static Tokens of(Map<String, String> tokenToPrincipal) {
        Map<String, Holder> map = new HashMap<>();
        tokenToPrincipal.forEach((t, p) -> map.put(hash(t), new Holder(p, false)));
        return new Tokens(map);
    }

    /** These tokens plus one more. */
    public Tokens with(String token, String principal, boolean impersonate) {
        Map<String, Holder> map = new HashMap<>(byHash);
        map.put(hash(token), new Holder(principal, impersonate));
        return new Tokens(map);
    }

    /** A new random token (256 bits, URL-safe base64, prefixed {@code jmr_}). */
    public static String generate() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return "jmr_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The line of the token file for {@code token}. */
    public static String line(String principal, String token, boolean impersonate) {
        return principal + " sha256:" + hash(token) + (impersonate ? " impersonate" : "");
    }

    /** Hex SHA-256 of a token. */
    public static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The holder of {@code token}, if it is known (looked up by its hash, so lookup time says nothing of other tokens). */
    public Optional<Holder> holder(String token) {
        if (token == null || token.isEmpty() || token.length() > 512) {
            return Optional.empty();
        }
        return Optional.ofNullable(byHash.get(hash(token)));
    }

    /** Number of tokens. */
    public int size() {
        return byHash.size();
    }
}
