package io.jmreg.server.ui;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.Request;

/**
 * Web sessions of the UI: an {@code HttpOnly}, {@code SameSite=Strict} cookie that names the principal whose token
 * signed in and when the session ends, authenticated with HMAC-SHA256 under a key derived from the server's shared
 * secret; the CSRF token that every form of the session carries is derived from the cookie under the same key.
 * Nothing about a session has to live in one process: every server given the same shared secret accepts the
 * sessions of the others (several servers behind one address). Without a shared secret the key is made when the
 * server starts (a restart signs everyone out). Sessions expire after {@link #LIFETIME}. Signing out deletes the
 * cookie and refuses it in this process from then on; the one-time message after an action is kept by the process
 * that ran the action.
 */
public final class Sessions {
    /** The session cookie's name. */
    public static final String COOKIE = "jmreg_session";
    /** How long a session lasts after sign-in. */
    public static final Duration LIFETIME = Duration.ofHours(12);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String VERSION = "s1";
    private final SecretKeySpec key;
    private final Map<String, Local> local = new ConcurrentHashMap<>();
    private final Clock clock;

    /** One signed-in browser. {@code flash} holds the outcome of the last action, shown once. */
    public record Session(String id, String principal, String csrf, Instant expires, AtomicReference<Flash> flash) {
        /** Takes the pending message, if any, so it shows once. */
        public Flash takeFlash() {
            return flash.getAndSet(null);
        }
    }

    /** What this process keeps of a session it saw: its pending message, and whether it signed out here. */
    private record Local(Instant expires, AtomicReference<Flash> flash, boolean signedOut) {
    }

    /** Sessions under a key made now (this process alone accepts them). */
    public Sessions() {
        this(null, Clock.systemUTC());
    }

    /**
     * Sessions under a key derived from {@code sharedSecret} (at least 32 bytes), accepted by every server given the
     * same secret; null makes a key now.
     */
    public Sessions(byte[] sharedSecret) {
        this(sharedSecret, Clock.systemUTC());
    }

    Sessions(byte[] sharedSecret, Clock clock) {
        this.key = new SecretKeySpec(derive(sharedSecret, "jmreg web ui sessions v1"), "HmacSHA256");
        this.clock = clock;
    }

    Sessions(Clock clock) {
        this(null, clock);
    }

    /**
     * A 32-byte key for {@code purpose} derived from {@code sharedSecret} by HMAC-SHA256 (so one secret serves several
     * purposes without one key revealing another), or 32 random bytes when there is no shared secret.
     */
    public static byte[] derive(byte[] sharedSecret, String purpose) {
        if (sharedSecret == null) {
            byte[] b = new byte[32];
            RANDOM.nextBytes(b);
            return b;
        }
        return hmac(new SecretKeySpec(sharedSecret, "HmacSHA256"), purpose);
    }

    /** Opens a session for {@code principal}. */
    public Session open(String principal) {
        Instant now = clock.instant();
        local.values().removeIf(s -> s.expires().isBefore(now));
        Instant expires = now.plus(LIFETIME).truncatedTo(ChronoUnit.SECONDS);
        String payload = VERSION + "." + B64.encodeToString(principal.getBytes(StandardCharsets.UTF_8)) + "."
                + expires.getEpochSecond() + "." + random();
        String id = payload + "." + B64.encodeToString(hmac(key, payload));
        return session(id, principal, expires);
    }

    /** The live session whose cookie {@code request} carries. */
    public Optional<Session> of(Request request) {
        String id = cookie(request, COOKIE);
        if (id == null || id.length() > 2048) {
            return Optional.empty();
        }
        String[] parts = id.split("\\.", -1);
        if (parts.length != 5 || !parts[0].equals(VERSION)) {
            return Optional.empty();
        }
        String payload = id.substring(0, id.lastIndexOf('.'));
        byte[] mac;
        String principal;
        Instant expires;
        try {
            mac = B64_DECODER.decode(parts[4]);
            principal = new String(B64_DECODER.decode(parts[1]), StandardCharsets.UTF_8);
            expires = Instant.ofEpochSecond(Long.parseLong(parts[2]));
        } catch (IllegalArgumentException | DateTimeException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(mac, hmac(key, payload)) || expires.isBefore(clock.instant())) {
            return Optional.empty();
        }
        Local seen = local.get(id);
        if (seen != null && seen.signedOut()) {
            return Optional.empty();
        }
        return Optional.of(session(id, principal, expires));
    }

    /** Ends a session: this process refuses its cookie from now on (the browser's cookie is deleted too). */
    public void close(Session s) {
        local.put(s.id(), new Local(s.expires(), new AtomicReference<>(), true));
    }

    private Session session(String id, String principal, Instant expires) {
        Local l = local.computeIfAbsent(id, k -> new Local(expires, new AtomicReference<>(), false));
        String csrf = B64.encodeToString(hmac(key, "csrf." + id));
        return new Session(id, principal, csrf, expires, l.flash());
    }

    private static byte[] hmac(SecretKeySpec key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256: " + e.getMessage(), e);
        }
    }

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();

    /**
     * A {@code Set-Cookie} value for {@code value} under {@code name}; an empty value deletes the cookie. Over HTTPS
     * (or behind a proxy that says so) the cookie is also {@code Secure}.
     */
    static String setCookie(Request request, String name, String value, Duration maxAge) {
        return name + "=" + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + (value.isEmpty() ? 0
                : maxAge.toSeconds()) + (request.isSecure() ? "; Secure" : "");
    }

    static String cookie(Request request, String name) {
        for (HttpCookie c : Request.getCookies(request)) {
            if (c.getName().equals(name)) {
                return c.getValue();
            }
        }
        return null;
    }

    /** True if the two secrets are equal, compared in constant time. */
    static boolean same(String expected, String given) {
        return expected != null && given != null && MessageDigest.isEqual(expected.getBytes(
                StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
