package io.jmreg.core.signing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.jmreg.api.exceptions.UntrustedVersionException;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.signing.SignatureOptions;
import io.jmreg.api.signing.SigningKeys;
import io.jmreg.api.signing.VersionSignature;

import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Version signatures: signs the versions this process registers (when it has a key) and, when signatures are
 * required, refuses versions that are unsigned, signed by an untrusted key, or changed since they were signed. A
 * verified version record is remembered (by identity), so the hot resolve path pays for one lookup.
 */
public final class VersionTrust {
    private final KeyPair signingKey;
    private final String signingKeyId;
    private final Map<String, PublicKey> trusted;
    private final boolean required;
    private final Cache<ModelVersion, Boolean> verified = Caffeine.newBuilder().weakKeys().maximumSize(100_000).build();

    /** Trust as {@code options} configure it. */
    public VersionTrust(SignatureOptions options) {
        this.signingKey = options.signingKey();
        this.signingKeyId = signingKey == null ? null : SigningKeys.keyId(signingKey.getPublic());
        this.trusted = options.trustedKeys().stream().collect(Collectors.toMap(SigningKeys::keyId, Function.identity(),
                (a, b) -> a, TreeMap::new));
        this.required = options.required();
    }

    /** {@code v} signed with this process's key, or {@code v} itself when it has none. */
    public ModelVersion sign(ModelVersion v) {
        if (signingKey == null) {
            return v;
        }
        String text = VersionSignature.signedText(v.name(), v.version(), v.artifacts());
        return v.toBuilder().signature(new VersionSignature(signingKeyId, Ed25519.sign(signingKey.getPrivate(), text)))
                .build();
    }

    /** Whether loading requires signatures. */
    public boolean required() {
        return required;
    }

    /** {@code v}, when signatures are not required or its signature verifies with a trusted key; else refused. */
    public ModelVersion check(ModelVersion v) {
        if (!required || verified.getIfPresent(v) != null) {
            return v;
        }
        VersionSignature sig = v.signature();
        if (sig == null) {
            throw new UntrustedVersionException(v.reference(), "%s is not signed, and this registry requires "
                    + "signatures by trusted keys %s", v.reference(), trusted.keySet());
        }
        PublicKey key = trusted.get(sig.keyId());
        if (key == null) {
            throw new UntrustedVersionException(v.reference(), "%s is signed by key %s, which is not trusted (trusted: %s)",
                    v.reference(), sig.keyId(), trusted.keySet());
        }
        String text = VersionSignature.signedText(v.name(), v.version(), v.artifacts());
        if (!Ed25519.verify(key, text, sig.signature())) {
            throw new UntrustedVersionException(v.reference(), "the signature of %s by key %s does not match its name, "
                    + "version, manifest digest %s and chunk indexes: the record was changed after it was signed", v.reference(),
                    sig.keyId(), v.artifacts().digest());
        }
        verified.put(v, Boolean.TRUE);
        return v;
    }
}
