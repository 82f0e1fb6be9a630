package io.jmreg.api.signing;

import io.jmreg.api.exceptions.ValidationException;

import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Set;

/**
 * Version signatures: the key this process signs its registrations with, and what it requires of what it loads.
 *
 * @param signingKey  Ed25519 key pair signing every version this process registers, or null
 * @param trustedKeys public keys whose signatures are accepted
 * @param required    when true, resolve, pull and open refuse versions without a valid signature by a trusted key
 */
public record SignatureOptions(KeyPair signingKey, Set<PublicKey> trustedKeys, boolean required) {
    /** Validates. */
    public SignatureOptions {
        trustedKeys = trustedKeys == null ? Set.of() : Set.copyOf(trustedKeys);
        if (required && trustedKeys.isEmpty()) {
            throw new ValidationException("requiring version signatures needs at least one trusted public key");
        }
        if (signingKey != null && !"EdDSA".equals(signingKey.getPrivate().getAlgorithm())
                && !"Ed25519".equals(signingKey.getPrivate().getAlgorithm())) {
            throw new ValidationException("version signing key must be Ed25519, got %s", signingKey.getPrivate().getAlgorithm());
        }
    }

    /** No signing, nothing required. */
    public static SignatureOptions none() {
        return new SignatureOptions(null, Set.of(), false);
    }

    /** Sign every registration with {@code key}. */
    public static SignatureOptions signingWith(KeyPair key) {
        return new SignatureOptions(key, Set.of(), false);
    }

    /** Require a valid signature by one of {@code keys} on every version resolved, pulled or opened. */
    public static SignatureOptions requiring(PublicKey... keys) {
        return new SignatureOptions(null, Set.of(keys), true);
    }

    /** These options, also signing registrations with {@code key}. */
    public SignatureOptions andSigningWith(KeyPair key) {
        return new SignatureOptions(key, trustedKeys, required);
    }
}
