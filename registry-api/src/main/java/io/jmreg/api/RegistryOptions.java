package io.jmreg.api;

import io.jmreg.api.audit.AuditOptions;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.lifecycle.StageMachine;
import io.jmreg.api.model.CacheVerification;
import io.jmreg.api.observe.OperationObserver;
import io.jmreg.api.signing.SignatureOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * How to open a registry.
 *
 * @param uri            store URI: {@code mem:}, {@code mem:name}, {@code file:/path}, {@code s3://bucket/prefix}
 * @param cacheDirectory local pull cache (blobs + per-version snapshots), shared safely by processes; default
 *                       {@code ~/.cache/jmreg}
 * @param principal      who this process acts as; recorded in every log entry
 * @param staleness      how long a change made by another process may stay unseen by cached reads
 * @param commitTimeout  how long a commit may keep retrying a lost race before {@code CommitConflictException}
 * @param properties     backend settings (e.g. S3 region, endpoint)
 * @param stageMachine   the lifecycle state machine (default {@link StageMachine#defaults()})
 * @param stageMachineFile a JSON file defining the state machine, read at open (overrides {@code stageMachine})
 * @param cacheVerification how the pull cache checks cached files before use (default fingerprint)
 * @param transferConcurrency files of one artifact moved at once when registering and pulling (default 16)
 * @param audit          how this process keeps the audit trail (checkpoint signing key, thresholds)
 * @param signatures     version signing at registration, and signatures required of what is loaded
 * @param observer       hears of every operation (metrics, traces), or null for none
 */
public record RegistryOptions(String uri, Path cacheDirectory, String principal, Duration staleness,
                              Duration commitTimeout, Map<String, String> properties, StageMachine stageMachine,
                              Path stageMachineFile, CacheVerification cacheVerification,
                              int transferConcurrency, AuditOptions audit,
                              SignatureOptions signatures,
                              OperationObserver observer) {

    /** Fills defaults and validates. */
    public RegistryOptions {
        if (uri == null || uri.isBlank()) {
            throw new ValidationException("registry URI must not be empty (e.g. mem:, file:/var/models, s3://bucket/prefix)");
        }
        if (cacheDirectory == null) {
            cacheDirectory = Path.of(System.getProperty("user.home"), ".cache", "jmreg");
        }
        if (principal == null || principal.isBlank()) {
            principal = System.getProperty("user.name", "unknown");
        }
        staleness = staleness == null ? Duration.ofSeconds(1) : staleness;
        commitTimeout = commitTimeout == null ? Duration.ofMinutes(2) : commitTimeout;
        if (staleness.isNegative() || commitTimeout.isNegative() || commitTimeout.isZero()) {
            throw new ValidationException("staleness must be >= 0 and commitTimeout > 0");
        }
        properties = properties == null ? Map.of() : Map.copyOf(new TreeMap<>(properties));
        stageMachine = stageMachine == null ? StageMachine.defaults() : stageMachine;
        cacheVerification = cacheVerification == null ? CacheVerification.FINGERPRINT : cacheVerification;
        transferConcurrency = transferConcurrency == 0 ? 16 : transferConcurrency;
        audit = audit == null ? AuditOptions.defaults() : audit;
        signatures = signatures == null ? SignatureOptions.none() : signatures;
        if (transferConcurrency < 1 || transferConcurrency > 256) {
            throw new ValidationException("transferConcurrency must be within 1..256, got %d", transferConcurrency);
        }
    }

    /** Options for {@code uri} with every default. */
    public static RegistryOptions of(String uri) {
        return builder(uri).build();
    }

    /**
     * Options from the environment: {@code REGISTRY_URI} (required), {@code REGISTRY_CACHE}, {@code REGISTRY_PRINCIPAL}.
     * This is the only place the environment is read; the constructor and builder never read it.
     */
    public static RegistryOptions fromEnvironment() {
        String uri = System.getenv("REGISTRY_URI");
        if (uri == null || uri.isBlank()) {
            throw new ValidationException("environment variable REGISTRY_URI is not set");
        }
        String cache = System.getenv("REGISTRY_CACHE");
        return builder(uri).principal(System.getenv("REGISTRY_PRINCIPAL"))
                .cacheDirectory(cache == null || cache.isBlank() ? null : Path.of(cache)).build();
    }

    /** A builder for {@code uri}. */
    public static Builder builder(String uri) {
        return new Builder(uri);
    }

    /** Fluent builder of {@link RegistryOptions}. */
    public static final class Builder {
        private final String uri;
        private Path cacheDirectory;
        private String principal;
        private Duration staleness;
        private Duration commitTimeout;
        private final Map<String, String> properties = new TreeMap<>();
        private StageMachine stageMachine;
        private Path stageMachineFile;
        private CacheVerification cacheVerification;
        private int transferConcurrency;
        private AuditOptions audit;
        private SignatureOptions signatures;
        private OperationObserver observer;

        private Builder(String uri) {
            this.uri = uri;
        }

        /** Local pull cache directory. */
        public Builder cacheDirectory(Path dir) {
            this.cacheDirectory = dir;
            return this;
        }

        /** Principal recorded in log entries. */
        public Builder principal(String p) {
            this.principal = p;
            return this;
        }

        /** Bound on how stale cached reads may be for other processes' writes (0 = always re-check). */
        public Builder staleness(Duration d) {
            this.staleness = d;
            return this;
        }

        /** Commit retry budget. */
        public Builder commitTimeout(Duration d) {
            this.commitTimeout = d;
            return this;
        }

        /** One backend property. */
        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        /** A custom lifecycle state machine. */
        public Builder stageMachine(StageMachine machine) {
            this.stageMachine = machine;
            return this;
        }

        /**
         * A JSON file with the state machine: {@code {"initial": "dev", "stages": {"dev": {"transitions": ["prod"],
         * "operations": ["UPDATE_METRICS", "DEPLOY"]}, ...}}}.
         */
        public Builder stageMachineFile(Path file) {
            this.stageMachineFile = file;
            return this;
        }

        /** How cached files are checked before use: by fingerprint (default) or re-hashed always. */
        public Builder cacheVerification(CacheVerification mode) {
            this.cacheVerification = mode;
            return this;
        }

        /** How many files of one artifact move at once when registering and pulling (1..256, default 8). */
        public Builder transferConcurrency(int files) {
            this.transferConcurrency = files;
            return this;
        }

        /** How this process keeps the audit trail (e.g. the key signing its checkpoints). */
        public Builder audit(AuditOptions options) {
            this.audit = options;
            return this;
        }

        /** Version signing at registration and signatures required on resolve, pull and open. */
        public Builder signatures(SignatureOptions options) {
            this.signatures = options;
            return this;
        }

        /** Hears of every operation, reads included (metrics, traces); null for none. */
        public Builder observer(OperationObserver observer) {
            this.observer = observer;
            return this;
        }

        /** Builds the options. */
        public RegistryOptions build() {
            return new RegistryOptions(uri, cacheDirectory, principal, staleness, commitTimeout, properties, stageMachine,
                    stageMachineFile, cacheVerification, transferConcurrency, audit, signatures, observer);
        }
    }
}
