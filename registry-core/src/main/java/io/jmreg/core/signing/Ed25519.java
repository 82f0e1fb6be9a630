package io.jmreg.core.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;

/** Ed25519 signatures of text (the JDK's), base64-encoded. */
public final class Ed25519 {
    private Ed25519() {
    }

    /** The signature of {@code text} by {@code key}. */
    public static String sign(PrivateKey key, String text) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with Ed25519: " + e.getMessage(), e);
        }
    }

    /** Whether {@code signature} is {@code key}'s signature of {@code text}; false for malformed signatures too. */
    public static boolean verify(PublicKey key, String text, String signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(text.getBytes(StandardCharsets.UTF_8));
            return s.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
