package io.jmreg.server.ui;

import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.server.Request;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Web sessions of the UI: a random id in an {@code HttpOnly}, {@code SameSite=Strict} cookie mapped to the principal
 * whose token signed in, with a CSRF token that every form of the session carries. Sessions live in memory (a
 * restart signs everyone out) and expire after {@link #LIFETIME}.
 */
public final class Sessions {
    /** The session cookie's name. */
    public static final String COOKIE = "jmreg_session";
    /** How long a session lasts after sign-in. */
    public static final Duration LIFETIME = Duration.ofHours(12);
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final Clock clock;

    /** One signed-in browser. {@code flash} holds the outcome of the last action, shown once. */
    public record Session(String id, String principal, String csrf, Instant expires, AtomicReference<Flash> flash) {
        /** Takes the pending message, if any, so it shows once. */
        public Flash takeFlash() {
            return flash.getAndSet(null);
        }
    }

    public Sessions() {
        this(Clock.systemUTC());
    }

    Sessions(Clock clock) {
        this.clock = clock;
    }

    /** Opens a session for {@code principal}. */
    public Session open(String principal) {
        Instant now = clock.instant();
        byId.values().removeIf(s -> s.expires().isBefore(now));
        Session s = new Session(random(), principal, random(), now.plus(LIFETIME), new AtomicReference<>());
        byId.put(s.id(), s);
        return s;
    }

    /** The live session whose cookie {@code request} carries. */
    public Optional<Session> of(Request request) {
        String id = cookie(request, COOKIE);
        if (id == null) {
            return Optional.empty();
        }
        Session s = byId.get(id);
        if (s == null) {
            return Optional.empty();
        }
        if (s.expires().isBefore(clock.instant())) {
            byId.remove(id);
            return Optional.empty();
        }
        return Optional.of(s);
    }

    /** Ends a session. */
    public void close(Session s) {
        byId.remove(s.id());
    }

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
                java.nio.charset.StandardCharsets.UTF_8), given.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
