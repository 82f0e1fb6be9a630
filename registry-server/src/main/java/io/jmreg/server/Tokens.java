package io.jmreg.server;

import io.jmreg.api.exceptions.ValidationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bearer tokens and the principals they stand for. Only SHA-256 hashes of tokens are kept, so a leaked token file
 * reveals no token. The file has one line per token: {@code <principal> sha256:<hex>}, optionally followed by
 * {@code impersonate} for a trusted front end that may act for others (header {@code Jmreg-Act-As}) and by
 * {@code expires=<ISO instant>} after which the token is refused; {@code #} starts a comment. {@code jmreg token}
 * prints a new token and its line. Tokens loaded from a file follow it: a change to the file (tokens added, revoked
 * or expiring) takes effect within a second, without a restart; a file that no longer parses is logged and the
 * tokens read before stay in force.
 */
public final class Tokens {
    private static final Logger LOG = LoggerFactory.getLogger(Tokens.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How often, at most, a token file is checked for changes. */
    private static final long RECHECK_NANOS = 1_000_000_000L;
    private volatile Map<String, Holder> byHash;
    /** The file followed, or null. */
    private final Path file;
    private volatile String fileStamp;
    private volatile long checkedAtNanos;

    /**
     * A token's holder.
     *
     * @param principal   the principal the token stands for
     * @param impersonate whether the holder may act for other principals
     * @param expires     when the token stops being accepted, or null: never
     */
    public record Holder(String principal, boolean impersonate, Instant expires) {
        /** A holder whose token does not expire. */
        public Holder(String principal, boolean impersonate) {
            this(principal, impersonate, null);
        }

        /** Whether the token has expired at {@code now}. */
        public boolean expiredAt(Instant now) {
            return expires != null && !now.isBefore(expires);
        }
    }

    private Tokens(Map<String, Holder> byHash) {
        this(byHash, null, null);
    }

    private Tokens(Map<String, Holder> byHash, Path file, String fileStamp) {
        this.byHash = Map.copyOf(byHash);
        this.file = file;
        this.fileStamp = fileStamp;
        this.checkedAtNanos = System.nanoTime();
    }

    /** Tokens from lines in the file format. */
    public static Tokens parse(List<String> lines) {
        return new Tokens(parseLines(lines));
    }

    private static Map<String, Holder> parseLines(List<String> lines) {
        Map<String, Holder> map = new HashMap<>();
        int n = 0;
        for (String raw : lines) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] p = line.split("\\s+");
            boolean impersonate = false;
            Instant expires = null;
            boolean bad = p.length < 2 || p.length > 4 || !p[1].matches("sha256:[0-9a-f]{64}");
            for (int i = 2; i < p.length && !bad; i++) {
                if (p[i].equals("impersonate") && !impersonate) {
                    impersonate = true;
                } else if (p[i].startsWith("expires=") && expires == null) {
                    try {
                        expires = Instant.parse(p[i].substring(8));
                    } catch (DateTimeParseException e) {
                        throw new ValidationException("token line %d: expires must be an ISO instant such as "
                                + "2027-01-31T00:00:00Z, got '%s'", n, p[i].substring(8));
                    }
                } else {
                    bad = true;
                }
            }
            if (bad) {
                throw new ValidationException("token line %d must be '<principal> sha256:<64 hex> [impersonate] "
                        + "[expires=<instant>]', got '%s'", n, line.length() > 80 ? line.substring(0, 80) + "..." : line);
            }
            if (map.put(p[1].substring(7), new Holder(p[0], impersonate, expires)) != null) {
                throw new ValidationException("token line %d repeats a token hash", n);
            }
        }
        return map;
    }

    /** Tokens from a file in the format above, following later changes to the file. */
    public static Tokens load(Path file) {
        String stamp = stamp(file);
        try {
            return new Tokens(parseLines(Files.readAllLines(file, StandardCharsets.UTF_8)), file, stamp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read token file " + file, e);
        }
    }

    /** The file's modification time and size, or null when it cannot be read. */
    private static String stamp(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis() + "/" + Files.size(file) + "/"
                    + Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Reads the token file again now if it changed (also done by every lookup, at most once a second); returns
     * whether the tokens changed. A file that cannot be read or parsed leaves the tokens as they were (logged).
     */
    public boolean reload() {
        if (file == null) {
            return false;
        }
        checkedAtNanos = System.nanoTime();
        String stamp = stamp(file);
        if (stamp == null || stamp.equals(fileStamp)) {
            return false;
        }
        synchronized (this) {
            try {
                Map<String, Holder> fresh = Map.copyOf(parseLines(Files.readAllLines(file, StandardCharsets.UTF_8)));
                fileStamp = stamp;
                boolean changed = !fresh.equals(byHash);
                byHash = fresh;
                if (changed) {
                    LOG.info("token file {} reloaded: {} tokens", file, fresh.size());
                }
                return changed;
            } catch (IOException | RuntimeException e) {
                fileStamp = stamp; // logged once per change of the file
                LOG.warn("token file {} not reloaded, the tokens read before stay in force: {}", file, e.getMessage());
                return false;
            }
        }
    }

    private void maybeReload() {
        if (file != null && System.nanoTime() - checkedAtNanos >= RECHECK_NANOS) {
            reload();
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

    /**
     * The holder of {@code token}, if it is known and not expired (looked up by its hash, so lookup time says nothing
     * of other tokens).
     */
    public Optional<Holder> holder(String token) {
        return lookup(token).filter(h -> !h.expiredAt(Instant.now()));
    }

    /** Why {@code token} is refused ({@code missing}, {@code malformed}, {@code expired}, {@code unknown}), or null. */
    public String refusal(String token) {
        if (token == null || token.isEmpty()) {
            return "missing";
        }
        if (token.length() > 512) {
            return "malformed";
        }
        Optional<Holder> h = lookup(token);
        return h.isEmpty() ? "unknown" : h.get().expiredAt(Instant.now()) ? "expired" : null;
    }

    private Optional<Holder> lookup(String token) {
        if (token == null || token.isEmpty() || token.length() > 512) {
            return Optional.empty();
        }
        maybeReload();
        return Optional.ofNullable(byHash.get(hash(token)));
    }

    /** Number of tokens. */
    public int size() {
        return byHash.size();
    }
}
