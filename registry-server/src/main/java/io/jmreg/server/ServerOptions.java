package io.jmreg.server;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.exceptions.ValidationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * How a {@link RegistryServer} serves a registry.
 *
 * @param registry       the registry served (the server acts through {@link ModelRegistry#as} per request)
 * @param tokens         the bearer tokens and their principals
 * @param host           address to bind ({@code 127.0.0.1} by default; {@code 0.0.0.0} for every interface)
 * @param port           port to bind; 0 picks a free one
 * @param uploadDirectory where uploads wait for their registration (removed when registered or abandoned)
 * @param maxUploadBytes the largest upload accepted (all files of one registration), else 413
 * @param maxJsonBytes   the largest JSON request body accepted, else 413
 * @param idleTimeout    a connection idle this long (a stalled client) is closed
 * @param stopTimeout    how long a graceful stop waits for requests in flight
 * @param webUi          whether the web UI is served at {@code /} (sign-in with the same tokens)
 * @param uploadExpiry   an upload unused this long (no file arriving, not registered) is removed while the server runs
 * @param metrics        Prometheus text served at {@code /metrics} (e.g. a Micrometer PrometheusMeterRegistry's
 *                       {@code scrape}), or null for no such route
 * @param metricsPublic  whether {@code /metrics} is served without a token (by default it needs one, like the API)
 * @param trustedProxies addresses and CIDR blocks of proxies whose {@code Forwarded} / {@code X-Forwarded-For} /
 *                       {@code X-Forwarded-Proto} headers are believed (empty: none; the peer is the client)
 * @param tlsCert        PEM X.509 certificate chain (server certificate first) to serve HTTPS, or null for plain HTTP
 * @param tlsKey         PEM PKCS#8 private key of {@code tlsCert} (both or neither)
 * @param maxSignInFailures failed sign-ins (bad bearer tokens) allowed from one source address per
 *                       {@code signInWindow}; beyond, the address gets 429 until the window ends (default 10)
 * @param signInWindow   the window failed sign-ins are counted in (default 1 minute)
 * @param maxPendingUploads uploads one principal may have waiting for their registration at once (default 8); each
 *                       holds at most {@code maxUploadBytes}, so a principal's pending bytes are bounded by the product
 * @param sharedSecret   at least 32 bytes from which the keys of web UI sessions and page tokens are derived, the
 *                       same on every server of one store behind one address (so a session or page token from one is
 *                       valid on the others); null makes keys when the server starts
 */
public record ServerOptions(ModelRegistry registry, Tokens tokens, String host, int port, Path uploadDirectory,
                            long maxUploadBytes, long maxJsonBytes, Duration idleTimeout, Duration stopTimeout,
                            boolean webUi, Duration uploadExpiry, Supplier<String> metrics,
                            boolean metricsPublic, List<String> trustedProxies, Path tlsCert, Path tlsKey,
                            int maxSignInFailures, Duration signInWindow, int maxPendingUploads,
                            byte[] sharedSecret) {
    /** Validates. */
    public ServerOptions {
        if (registry == null || tokens == null || uploadDirectory == null) {
            throw new ValidationException("a server needs a registry, tokens and an upload directory");
        }
        if (port < 0 || port > 65535 || maxUploadBytes <= 0 || maxJsonBytes <= 0) {
            throw new ValidationException("port must be 0..65535 and size limits positive");
        }
        host = host == null || host.isBlank() ? "127.0.0.1" : host;
        idleTimeout = idleTimeout == null ? Duration.ofSeconds(30) : idleTimeout;
        stopTimeout = stopTimeout == null ? Duration.ofSeconds(10) : stopTimeout;
        uploadExpiry = uploadExpiry == null ? Duration.ofDays(1) : uploadExpiry;
        if (idleTimeout.isNegative() || idleTimeout.isZero() || uploadExpiry.isNegative() || uploadExpiry.isZero()) {
            throw new ValidationException("the idle timeout and the upload expiry must be positive");
        }
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        new TrustedProxies(trustedProxies); // validates every entry
        maxSignInFailures = maxSignInFailures == 0 ? 10 : maxSignInFailures;
        signInWindow = signInWindow == null ? Duration.ofMinutes(1) : signInWindow;
        maxPendingUploads = maxPendingUploads == 0 ? 8 : maxPendingUploads;
        if (maxSignInFailures < 1 || maxPendingUploads < 1 || signInWindow.isNegative() || signInWindow.isZero()) {
            throw new ValidationException("the sign-in failure limit, its window and the pending uploads per principal "
                    + "must be positive");
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new ValidationException("TLS needs both a certificate and a private key");
        }
        if (sharedSecret != null && sharedSecret.length < MIN_SECRET_BYTES) {
            throw new ValidationException("the shared secret must have at least %d bytes, got %d", MIN_SECRET_BYTES,
                    sharedSecret.length);
        }
        sharedSecret = sharedSecret == null ? null : sharedSecret.clone();
    }

    /** The shortest shared secret accepted. */
    public static final int MIN_SECRET_BYTES = 32;

    /** The shared secret (a copy), or null. */
    @Override
    public byte[] sharedSecret() {
        return sharedSecret == null ? null : sharedSecret.clone();
    }

    /** Starts options for serving {@code registry} to the holders of {@code tokens}. */
    public static Builder builder(ModelRegistry registry, Tokens tokens) {
        return new Builder(registry, tokens);
    }

    /** Builds {@link ServerOptions}. */
    public static final class Builder {
        private final ModelRegistry registry;
        private final Tokens tokens;
        private String host = "127.0.0.1";
        private int port = 8080;
        private Path uploads;
        private long maxUploadBytes = 1L << 40;
        private long maxJsonBytes = 16L << 20;
        private Duration idleTimeout = Duration.ofSeconds(30);
        private Duration stopTimeout = Duration.ofSeconds(10);
        private boolean webUi = true;
        private Duration uploadExpiry = Duration.ofDays(1);
        private Supplier<String> metrics;
        private boolean metricsPublic;
        private List<String> trustedProxies = List.of();
        private Path tlsCert;
        private Path tlsKey;
        private int maxSignInFailures = 10;
        private Duration signInWindow = Duration.ofMinutes(1);
        private int maxPendingUploads = 8;
        private byte[] sharedSecret;

        private Builder(ModelRegistry registry, Tokens tokens) {
            this.registry = registry;
            this.tokens = tokens;
        }

        /** Address to bind. */
        public Builder host(String h) {
            host = h;
            return this;
        }

        /** Port to bind (0: any free port). */
        public Builder port(int p) {
            port = p;
            return this;
        }

        /** Where uploads wait (default: a directory under the system temporary directory). */
        public Builder uploadDirectory(Path dir) {
            uploads = dir;
            return this;
        }

        /** Largest upload (default 1 TiB). */
        public Builder maxUploadBytes(long bytes) {
            maxUploadBytes = bytes;
            return this;
        }

        /** Largest JSON body (default 16 MiB). */
        public Builder maxJsonBytes(long bytes) {
            maxJsonBytes = bytes;
            return this;
        }

        /** Idle connections are closed after this (default 30 s). */
        public Builder idleTimeout(Duration d) {
            idleTimeout = d;
            return this;
        }

        /** A graceful stop waits this long for requests in flight (default 10 s). */
        public Builder stopTimeout(Duration d) {
            stopTimeout = d;
            return this;
        }

        /** Whether to serve the web UI at {@code /} (default true; the API alone otherwise). */
        public Builder webUi(boolean on) {
            webUi = on;
            return this;
        }

        /** An upload unused this long is removed while the server runs (default 1 day). */
        public Builder uploadExpiry(Duration d) {
            uploadExpiry = d;
            return this;
        }

        /**
         * Serves {@code prometheusText} at {@code /metrics}: to holders of a token, or to anyone when
         * {@code isPublic}.
         */
        public Builder metrics(Supplier<String> prometheusText, boolean isPublic) {
            metrics = prometheusText;
            metricsPublic = isPublic;
            return this;
        }

        /**
         * Proxies (IP addresses or CIDR blocks such as {@code 10.0.0.0/8}) whose {@code Forwarded} (RFC 7239) or
         * {@code X-Forwarded-For} / {@code X-Forwarded-Proto} headers give the client's address and scheme; from any
         * other peer these headers are ignored (default: none).
         */
        public Builder trustedProxies(List<String> proxies) {
            trustedProxies = proxies;
            return this;
        }

        /**
         * Serves HTTPS only: {@code certPem} holds the PEM certificate chain (server certificate first), {@code keyPem}
         * its unencrypted PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----}). The web UI's cookies are then
         * {@code Secure}.
         */
        public Builder tls(Path certPem, Path keyPem) {
            tlsCert = certPem;
            tlsKey = keyPem;
            return this;
        }

        /**
         * At most {@code failures} failed sign-ins (bad bearer tokens) per source address in {@code window}; beyond,
         * 429 with {@code Retry-After} until the window ends (default 10 per minute).
         */
        public Builder signInThrottle(int failures, Duration window) {
            maxSignInFailures = failures;
            signInWindow = window;
            return this;
        }

        /** Uploads one principal may have waiting for their registration at once (default 8). */
        public Builder maxPendingUploads(int uploads) {
            maxPendingUploads = uploads;
            return this;
        }

        /**
         * The secret (at least 32 bytes, e.g. 32 random bytes kept in a file readable only by the servers) from which
         * web UI sessions and page tokens are keyed. Give every server of one store behind one address the same
         * secret, so that a browser's session and a client's page token are valid whichever server answers. Default:
         * keys made when the server starts.
         */
        public Builder sharedSecret(byte[] secret) {
            sharedSecret = secret;
            return this;
        }

        /** The options. */
        public ServerOptions build() {
            Path dir = uploads;
            if (dir == null) {
                dir = Path.of(System.getProperty("java.io.tmpdir"), "jmreg-uploads");
            }
            return new ServerOptions(registry, tokens, host, port, dir, maxUploadBytes, maxJsonBytes, idleTimeout,
                    stopTimeout, webUi, uploadExpiry, metrics, metricsPublic, trustedProxies, tlsCert, tlsKey,
                    maxSignInFailures, signInWindow, maxPendingUploads, sharedSecret);
        }
    }
}
