package io.jmreg.server;

import io.jmreg.api.exceptions.ValidationException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An in-memory key store from PEM files: an X.509 certificate chain (server first) and its PKCS#8 private key. */
final class PemKeyStore {
    private static final Pattern PKCS8 = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private PemKeyStore() {
    }

    /** A PKCS#12 store holding the key and chain under alias {@code jmreg}, protected by {@code password}. */
    static KeyStore load(Path certPem, Path keyPem, char[] password) {
        List<? extends Certificate> chain;
        try (ByteArrayInputStream in = new ByteArrayInputStream(Files.readAllBytes(certPem))) {
            chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
        } catch (IOException e) {
            throw new ValidationException("cannot read TLS certificate %s: %s", certPem, e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new ValidationException("TLS certificate %s is not a PEM X.509 certificate chain: %s", certPem,
                    e.getMessage());
        }
        if (chain.isEmpty()) {
            throw new ValidationException("TLS certificate %s holds no certificate", certPem);
        }
        String text;
        try {
            text = Files.readString(keyPem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ValidationException("cannot read TLS key %s: %s", keyPem, e.getMessage());
        }
        Matcher m = PKCS8.matcher(text);
        if (!m.find()) {
            throw new ValidationException("TLS key %s holds no unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----; "
                    + "convert with: openssl pkcs8 -topk8 -nocrypt)", keyPem);
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        PrivateKey key = privateKey(der, chain.get(0).getPublicKey().getAlgorithm(), keyPem);
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("jmreg", key, password, chain.toArray(Certificate[]::new));
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new ValidationException("TLS key %s does not match certificate %s: %s", keyPem, certPem, e.getMessage());
        }
    }

    private static PrivateKey privateKey(byte[] der, String algorithm, Path keyPem) {
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new ValidationException("TLS key %s is not a %s PKCS#8 private key matching the certificate: %s", keyPem,
                    algorithm, e.getMessage());
        }
    }
}
