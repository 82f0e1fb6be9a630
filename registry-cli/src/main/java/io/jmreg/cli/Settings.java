package io.jmreg.cli;

import io.jmreg.api.RegistryOptions;
import io.jmreg.api.audit.AuditOptions;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.observe.OperationObserver;
import io.jmreg.api.signing.SignatureOptions;
import io.jmreg.api.signing.SigningKeys;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where a command's registry settings come from, first found wins: flags, then environment variables, then a
 * configuration file ({@code --config}, {@code $JMREG_CONFIG}, else {@code ~/.config/jmreg/config.properties} when it
 * exists), properties or JSON with the keys {@code registry}, {@code principal}, {@code cache}, {@code staleness},
 * {@code audit-key}, {@code audit-downloads} ({@code required} or {@code best-effort}), {@code signing-key},
 * {@code trusted-keys}, {@code require-signatures} and {@code property.<name>} for backend settings.
 */
final class Settings {
    private final Map<String, String> file;
    private final Map<String, String> env;

    private Settings(Map<String, String> file, Map<String, String> env) {
        this.file = file;
        this.env = env;
    }

    /** Settings read from {@code config} (or the default places) and {@code env}. */
    static Settings load(Path config, Map<String, String> env) {
        Path path = config;
        if (path == null && env.get("JMREG_CONFIG") != null) {
            path = Path.of(env.get("JMREG_CONFIG"));
        }
        if (path == null) {
            Path home = Path.of(System.getProperty("user.home"), ".config", "jmreg", "config.properties");
            path = Files.isRegularFile(home) ? home : null;
        }
        return new Settings(path == null ? Map.of() : read(path), env);
    }

    private static Map<String, String> read(Path path) {
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw new ValidationException("cannot read configuration file %s: %s", path, e.getMessage());
        }
        Map<String, String> out = new TreeMap<>();
        if (path.toString().endsWith(".json")) {
            JsonOutput.readObject(text, "configuration file " + path).forEach((k, v) -> out.put(k, String.valueOf(v)));
        } else {
            Properties p = new Properties();
            try {
                p.load(new StringReader(text));
            } catch (IOException | IllegalArgumentException e) {
                throw new ValidationException("configuration file %s is not a properties file: %s", path, e.getMessage());
            }
            p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        }
        Set<String> known = Set.of("registry", "principal", "cache", "staleness", "audit-key", "audit-downloads",
                "signing-key", "trusted-keys", "require-signatures", "token");
        for (String key : out.keySet()) {
            if (!known.contains(key) && !key.startsWith("property.")) {
                throw new ValidationException("configuration file %s: unknown key '%s' (known: %s, property.<name>)",
                        path, key, new TreeSet<>(known));
            }
        }
        return out;
    }

    private String pick(String flag, String envName, String fileKey) {
        if (flag != null && !flag.isBlank()) {
            return flag;
        }
        String e = env.get(envName);
        if (e != null && !e.isBlank()) {
            return e;
        }
        return file.get(fileKey);
    }

    /** The registry URI: the flag, else $REGISTRY_URI, else the configuration file's. */
    String uri(String registryFlag) {
        String uri = pick(registryFlag, "REGISTRY_URI", "registry");
        if (uri == null) {
            throw new ValidationException("no registry: pass --registry URI, set REGISTRY_URI, or put registry=URI in "
                    + "the configuration file");
        }
        return uri;
    }

    /** The options to open the registry with. */
    RegistryOptions options(String registryFlag, String principalFlag, boolean requireSignaturesFlag) {
        return options(registryFlag, principalFlag, requireSignaturesFlag, null);
    }

    /**
     * The options to open the registry with; a server's token is {@code token}, else $REGISTRY_TOKEN, else the
     * configuration file's, else the one {@code jmreg login} kept for the server.
     */
    RegistryOptions options(String registryFlag, String principalFlag, boolean requireSignaturesFlag, String token) {
        return options(registryFlag, principalFlag, requireSignaturesFlag, token, null);
    }

    /** {@link #options(String, String, boolean, String)} with an operation observer (null: none). */
    RegistryOptions options(String registryFlag, String principalFlag, boolean requireSignaturesFlag, String token,
                            OperationObserver observer) {
        String uri = uri(registryFlag);
        RegistryOptions.Builder b = RegistryOptions.builder(uri).principal(pick(principalFlag, "REGISTRY_PRINCIPAL", "principal"));
        if (observer != null) {
            b.observer(observer);
        }
        String cache = pick(null, "REGISTRY_CACHE", "cache");
        if (cache != null) {
            b.cacheDirectory(Path.of(cache));
        }
        String staleness = pick(null, "REGISTRY_STALENESS", "staleness");
        if (staleness != null) {
            b.staleness(Durations.parse(staleness, "staleness"));
        }
        if (token == null) {
            token = pick(null, "REGISTRY_TOKEN", "token");
        }
        if (token == null && (uri.startsWith("http://") || uri.startsWith("https://"))) {
            token = Credentials.of(env).token(uri);
        }
        if (token != null) {
            b.property("token", token); // for http:// and https:// registries
        }
        file.forEach((k, v) -> {
            if (k.startsWith("property.")) {
                b.property(k.substring("property.".length()), v);
            }
        });
        String auditKey = pick(null, "REGISTRY_AUDIT_KEY", "audit-key");
        String auditDownloads = pick(null, "REGISTRY_AUDIT_DOWNLOADS", "audit-downloads");
        if (auditDownloads != null && !auditDownloads.equals("required") && !auditDownloads.equals("best-effort")) {
            throw new ValidationException("audit-downloads must be 'required' or 'best-effort', got '%s'", auditDownloads);
        }
        AuditOptions audit = AuditOptions.defaults().downloadsBestEffort("best-effort".equals(auditDownloads));
        b.audit(auditKey == null ? audit : audit.signedWith(SigningKeys.readKeyPair(Path.of(auditKey))));
        String signingKey = pick(null, "REGISTRY_SIGNING_KEY", "signing-key");
        String trusted = pick(null, "REGISTRY_TRUSTED_KEYS", "trusted-keys");
        boolean require = requireSignaturesFlag || "true".equals(pick(null, "REGISTRY_REQUIRE_SIGNATURES", "require-signatures"));
        if (signingKey != null || trusted != null || require) {
            Set<PublicKey> keys = new HashSet<>();
            if (trusted != null) {
                for (String f : trusted.split(",")) {
                    keys.add(SigningKeys.readPublicKey(Path.of(f.strip())));
                }
            }
            b.signatures(new SignatureOptions(signingKey == null ? null : SigningKeys.readKeyPair(Path.of(signingKey)),
                    keys, require));
        }
        return b.build();
    }

    /** Durations as a user types them: {@code 30s}, {@code 15m}, {@code 2h}, {@code 7d}, or ISO-8601 {@code PT1H}. */
    static final class Durations {
        private Durations() {
        }

        static Duration parse(String text, String what) {
            String t = text.strip();
            try {
                if (t.startsWith("P") || t.startsWith("p")) {
                    return Duration.parse(t);
                }
                if (t.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
                }
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                return switch (t.charAt(t.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    case 'd' -> Duration.ofDays(n);
                    default -> throw new NumberFormatException();
                };
            } catch (RuntimeException e) {
                throw new ValidationException("%s '%s' is not a duration (e.g. 500ms, 30s, 15m, 2h, 7d or PT1H)", what, text);
            }
        }
    }
}
