package io.jmreg.spring;

import io.jmreg.api.RegistryOptions;
import io.jmreg.api.audit.AuditOptions;
import io.jmreg.api.observe.OperationObserver;
import io.jmreg.api.signing.SignatureOptions;
import io.jmreg.api.signing.SigningKeys;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;

/** Registry options from the {@code jmreg.*} properties, checked with messages naming the property. */
final class RegistryOptionsFactory {
    private RegistryOptionsFactory() {
    }

    static RegistryOptions options(JmregProperties p, List<OperationObserver> observers) {
        if (p.uri() == null || p.uri().isBlank()) {
            throw new IllegalStateException("jmreg.uri must be set (e.g. file:/var/models, s3://bucket/prefix, mem:)");
        }
        URI uri;
        try {
            uri = new URI(p.uri());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("jmreg.uri '" + p.uri() + "' is not a valid URI: " + e.getMessage(), e);
        }
        if (uri.getScheme() == null) {
            throw new IllegalStateException("jmreg.uri '" + p.uri() + "' has no scheme (e.g. file:/var/models)");
        }
        requireNotNegative("jmreg.staleness", p.staleness());
        requireNotNegative("jmreg.health.timeout", p.health().timeout());
        requireNotNegative("jmreg.watch.max-delay", p.watch().maxDelay());
        RegistryOptions.Builder b = RegistryOptions.builder(p.uri()).principal(p.principal())
                .cacheDirectory(p.cacheDirectory()).staleness(p.staleness()).commitTimeout(p.commitTimeout());
        if (p.properties() != null) {
            p.properties().forEach(b::property);
        }
        List<Path> keyFiles = p.signatures().trustedKeys() == null ? List.of() : p.signatures().trustedKeys();
        if (p.signatures().required() && keyFiles.isEmpty()) {
            throw new IllegalStateException("jmreg.signatures.required is true but jmreg.signatures.trusted-keys names no key");
        }
        if (p.signatures().required()) {
            PublicKey[] keys = keyFiles.stream().map(RegistryOptionsFactory::readKey).toArray(PublicKey[]::new);
            b.signatures(SignatureOptions.requiring(keys));
        }
        b.audit(AuditOptions.defaults().downloadsBestEffort(p.audit().downloads() == JmregProperties.DownloadAudit.BEST_EFFORT));
        if (!observers.isEmpty()) {
            b.observer(OperationObserver.all(observers));
        }
        return b.build();
    }

    private static PublicKey readKey(Path file) {
        try {
            return SigningKeys.readPublicKey(file);
        } catch (RuntimeException e) {
            throw new IllegalStateException("jmreg.signatures.trusted-keys: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void requireNotNegative(String property, Duration d) {
        if (d != null && d.isNegative()) {
            throw new IllegalStateException(property + " must not be negative, got " + d);
        }
    }
}
