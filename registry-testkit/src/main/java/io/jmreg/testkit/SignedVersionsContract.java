package io.jmreg.testkit;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.exceptions.UntrustedVersionException;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.signing.SignatureOptions;
import io.jmreg.api.signing.SigningKeys;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Signed versions behave alike on every backend: a registry that requires signatures by trusted keys resolves, pulls
 * and opens signed versions, and refuses unsigned ones, ones signed by an unknown key, and ones whose manifest was
 * changed in the store after signing (even when the changed manifest and its blob are consistent).
 */
public abstract class SignedVersionsContract {
    /** For subclasses that bind the suite to a backend. */
    protected SignedVersionsContract() {
    }

    /** The URI of a fresh, empty store for this test (it may use {@code temp}). */
    protected abstract String storeUri(Path temp) throws Exception;

    /**
     * Opens a registry with {@code options} (on a store {@link #storeUri} made, or on the URI of a registry this
     * suite opened); a run through a server overrides it to open a client of a server over that store.
     */
    protected ModelRegistry openRegistry(RegistryOptions options) {
        return ModelRegistry.open(options);
    }

    /** Scratch space. */
    @TempDir
    protected Path temp;

    private static final KeyPair TEAM = SigningKeys.generate();

    private ModelRegistry open(String uri, String cache, SignatureOptions signatures) {
        return openRegistry(RegistryOptions.builder(uri).principal("ci").cacheDirectory(temp.resolve(cache))
                .staleness(Duration.ZERO).signatures(signatures).build());
    }

    private Path files(String content) throws Exception {
        Path dir = Files.createDirectories(temp.resolve("files-" + content.hashCode()));
        Files.writeString(dir.resolve("model.bin"), content);
        return dir;
    }

    @Test
    void signedVersionsLoadWhereSignaturesAreRequired() throws Exception {
        String uri = storeUri(temp);
        try (ModelRegistry writer = open(uri, "w", SignatureOptions.signingWith(TEAM))) {
            ModelVersion v = writer.registerModel(Registration.builder("fraud").version("1.0.0").artifacts(files("good"))
                    .build());
            assertThat(v.signature()).isNotNull();
            assertThat(v.signature().keyId()).isEqualTo(SigningKeys.keyId(TEAM.getPublic()));
            writer.setAlias("fraud", "production", "1.0.0");
            writer.updateMetrics("fraud:1.0.0", Map.of("accuracy", 0.9)); // metrics do not void the signature
        }
        try (ModelRegistry serving = open(uri, "s", SignatureOptions.requiring(TEAM.getPublic()))) {
            assertThat(serving.resolve("fraud@production").version()).isEqualTo("1.0.0");
            assertThat(Files.readString(serving.pull("fraud@production").resolve("model.bin"))).isEqualTo("good");
            try (InputStream in = serving.openArtifact("fraud:1.0.0", "model.bin")) {
                assertThat(in.readAllBytes()).asString().isEqualTo("good");
            }
        }
    }

    @Test
    void unsignedAndUntrustedVersionsAreRefused() throws Exception {
        String uri = storeUri(temp);
        try (ModelRegistry unsigned = open(uri, "u", SignatureOptions.none());
             ModelRegistry stranger = open(uri, "x", SignatureOptions.signingWith(SigningKeys.generate()))) {
            assertThat(unsigned.registerModel(Registration.builder("fraud").version("1.0.0").artifacts(files("a"))
                    .build()).signature()).isNull();
            stranger.registerModel(Registration.builder("fraud").version("2.0.0").artifacts(files("b")).build());
        }
        try (ModelRegistry serving = open(uri, "s", SignatureOptions.requiring(TEAM.getPublic()))) {
            assertThatThrownBy(() -> serving.resolve("fraud:1.0.0")).isInstanceOf(UntrustedVersionException.class)
                    .hasMessageContaining("fraud:1.0.0 is not signed");
            assertThatThrownBy(() -> serving.pull("fraud:1.0.0")).isInstanceOf(UntrustedVersionException.class);
            assertThatThrownBy(() -> serving.openArtifact("fraud:1.0.0", "model.bin"))
                    .isInstanceOf(UntrustedVersionException.class);
            assertThatThrownBy(() -> serving.resolve("fraud:2.0.0")).isInstanceOf(UntrustedVersionException.class)
                    .hasMessageContaining("not trusted");
            assertThatThrownBy(() -> serving.pull("fraud")).isInstanceOfSatisfying(UntrustedVersionException.class,
                    e -> assertThat(e.reference()).isEqualTo("fraud:2.0.0"));
            assertThat(Files.exists(temp.resolve("s").resolve("snapshots"))).as("nothing was pulled").isFalse();
        }
    }

    @Test
    void aManifestChangedInTheStoreIsRefused() throws Exception {
        String uri = storeUri(temp);
        ModelVersion signed;
        try (ModelRegistry writer = open(uri, "w", SignatureOptions.signingWith(TEAM))) {
            signed = writer.registerModel(Registration.builder("fraud").version("1.0.0").artifacts(files("good")).build());
        }
        byte[] evil = "evil".getBytes(StandardCharsets.UTF_8);
        String evilSha = sha256(evil);
        String goodSha = signed.artifacts().files().get(0).sha256();
        String evilManifest = sha256((evilSha + " 4 model.bin\n").getBytes(StandardCharsets.UTF_8));
        try (StorageBackend raw = StorageBackends.open(uri, Map.of())) { // a holder of storage credentials swaps the model
            raw.putBytes(StoreFixtures.blobKey(evilSha), evil);
            String key = String.format("models/fraud/log/%020d.json", 1);
            String entry = new String(raw.getBytes(key), StandardCharsets.UTF_8);
            raw.putBytes(key, entry.replace(goodSha, evilSha).replace(signed.artifacts().digest(), evilManifest)
                    .getBytes(StandardCharsets.UTF_8));
        }
        try (ModelRegistry careless = open(uri, "c", SignatureOptions.none())) {
            assertThat(Files.readString(careless.pull("fraud:1.0.0").resolve("model.bin")))
                    .as("without signatures the swap goes unnoticed").isEqualTo("evil");
        }
        try (ModelRegistry serving = open(uri, "s", SignatureOptions.requiring(TEAM.getPublic()))) {
            assertThatThrownBy(() -> serving.pull("fraud:1.0.0")).isInstanceOf(UntrustedVersionException.class)
                    .hasMessageContaining("does not match").hasMessageContaining(evilManifest);
            assertThatThrownBy(() -> serving.resolve("fraud:1.0.0")).isInstanceOf(UntrustedVersionException.class);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
