package io.jmreg.api.signing;

import io.jmreg.api.exceptions.ValidationException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ed25519 keys (the JDK's) for audit checkpoints and version signatures: generation, key ids and PEM files. A key
 * file holds the private key (PKCS#8) and the public key (X.509); a public key file only the latter.
 */
public final class SigningKeys {
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private SigningKeys() {
    }

    /** A new Ed25519 key pair. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    /** The id of {@code key}: the first 16 hex digits of the SHA-256 of its X.509 encoding. */
    public static String keyId(PublicKey key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code pair} as PEM to {@code file} (created readable by its owner only where the file system can). */
    public static void writeKeyPair(KeyPair pair, Path file) {
        String text = pem("PRIVATE KEY", pair.getPrivate().getEncoded()) + pem("PUBLIC KEY", pair.getPublic().getEncoded());
        try {
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write key file " + file, e);
        }
    }

    /** Writes {@code key} as PEM to {@code file}. */
    public static void writePublicKey(PublicKey key, Path file) {
        try {
            Files.writeString(file, pem("PUBLIC KEY", key.getEncoded()), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write public key file " + file, e);
        }
    }

    /** Reads a key pair written by {@link #writeKeyPair}. */
    public static KeyPair readKeyPair(Path file) {
        String text = read(file);
        PrivateKey priv = decode(file, text, "PRIVATE KEY", bytes -> KeyFactory.getInstance("Ed25519")
                .generatePrivate(new PKCS8EncodedKeySpec(bytes)));
        return new KeyPair(publicKey(file, text), priv);
    }

    /** Reads the public key of a key file or a public key file. */
    public static PublicKey readPublicKey(Path file) {
        return publicKey(file, read(file));
    }

    private static PublicKey publicKey(Path file, String text) {
        return decode(file, text, "PUBLIC KEY", bytes -> KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(bytes)));
    }

    private interface Decoder<T> {
        T decode(byte[] bytes) throws GeneralSecurityException;
    }

    private static <T> T decode(Path file, String text, String type, Decoder<T> decoder) {
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                try {
                    return decoder.decode(Base64.getMimeDecoder().decode(m.group(2)));
                } catch (GeneralSecurityException | IllegalArgumentException e) {
                    throw new ValidationException(e, "%s: the %s block is not an Ed25519 key: %s", file, type, e.getMessage());
                }
            }
        }
        throw new ValidationException("%s holds no '-----BEGIN %s-----' block", file, type);
    }

    private static String read(Path file) {
        try {
            if (Files.size(file) > 64 * 1024) {
                throw new ValidationException("%s is too large to be a key file", file);
            }
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ValidationException(e, "cannot read key file %s: %s", file, e.getMessage());
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
