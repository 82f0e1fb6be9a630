package io.jmreg.wire;

import io.jmreg.api.exceptions.ValidationException;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Ed25519 public keys on the wire: base64 of their X.509 encoding. */
public final class Keys {
    private Keys() {
    }

    /** The wire form of a key. */
    public static String encode(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** A key from its wire form. */
    public static PublicKey decode(String text) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(text)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ValidationException("not an Ed25519 public key (base64 of its X.509 encoding): %s", e.getMessage());
        }
    }
}
