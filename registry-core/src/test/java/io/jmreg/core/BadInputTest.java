package io.jmreg.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.Bump;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.exceptions.InvalidArtifactException;
import io.jmreg.api.exceptions.InvalidReferenceException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.model.Lineage;
import io.jmreg.api.model.ModelVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Malformed names, versions, references and paths are each rejected with a clear message, and nothing is written. */
class BadInputTest {
    @TempDir
    Path temp;
    ModelRegistry registry;

    @BeforeEach
    void open() {
        registry = ModelRegistry.open(RegistryOptions.builder("mem:").cacheDirectory(temp.resolve("cache")).build());
        registry.registerModel(Registration.builder("m").version("1.0.0").build());
    }

    @AfterEach
    void close() {
        registry.close();
    }

    private record Case(String what, Consumer<ModelRegistry> action, Class<? extends Exception> type, String message) {
    }

    private static Case name(String name, String message) {
        return new Case("model name " + name.replace("\0", "\\0"),
                r -> r.registerModel(Registration.builder(name).version("1.0.0").build()), InvalidReferenceException.class, message);
    }

    private static Case version(String version, String message) {
        return new Case("version " + version, r -> r.registerModel(Registration.builder("ok").version(version).build()),
                InvalidReferenceException.class, message);
    }

    private static Case reference(String ref, String message) {
        return new Case("reference " + ref.replace("\0", "\\0"), r -> r.resolve(ref), InvalidReferenceException.class, message);
    }

    @TestFactory
    List<DynamicTest> everyMalformedInputIsRejectedAndNothingIsWritten() throws Exception {
        Path outside = Files.writeString(temp.resolve("secret.txt"), "secret");
        Path escaping = Files.createDirectories(temp.resolve("escaping"));
        Files.writeString(escaping.resolve("ok.txt"), "ok");
        Files.createSymbolicLink(escaping.resolve("link.txt"), outside);
        Path dangling = Files.createDirectories(temp.resolve("dangling"));
        Files.createSymbolicLink(dangling.resolve("gone"), temp.resolve("nowhere"));

        List<Case> cases = List.of(
                name("", "1..128"),
                name("Sentiment", "illegal character 'S'"),
                name("with space", "U+0020"),
                name("../etc/passwd", "at most one namespace"),
                name("..", "start and end"),
                name("a/b/c", "at most one namespace"),
                name("/absolute", "empty segment"),
                name("org/", "empty segment"),
                name("-leading", "start and end"),
                name("trailing.", "start and end"),
                name("a..b", "'..'"),
                name("x".repeat(129), "1..128"),
                name("nul\0byte", "U+0000"),
                name("ｆｕｌｌwidth", "U+FF46"),
                name("cyrillic-\u0430", "U+0430"),
                name("tab\there", "U+0009"),
                name("back\\slash", "'\\'"),
                version("1.0", "Semantic Version"),
                version("01.0.0", "Semantic Version"),
                version("1.0.0-", "Semantic Version"),
                version("v1.0.0", "Semantic Version"),
                version("1.0.0+", "Semantic Version"),
                version("1.0.0-01", "Semantic Version"),
                version("1.0.0 ", "Semantic Version"),
                version("latest", "Semantic Version"),
                version("2147483648.0.0", "at most 2147483647"),
                version("1.99999999999.0", "at most 2147483647"),
                version("1.0.9223372036854775807", "at most 2147483647"),
                version("1.0.0-9223372036854775808", "9223372036854775807"),
                reference("m:2147483648.0.0", "Semantic Version"),

                reference("", "empty"),
                reference("m:", "nothing after ':'"),
                reference("@production", "no model name"),
                reference("m@", "nothing after '@'"),
                reference("m@sha256:xyz", "64 hex"),
                reference("m@sha256:" + "A".repeat(64), "non-hex"),
                reference("m@Prod", "lower-case letter"),
                reference("m:1.02.3", "Semantic Version"),
                reference("m:^^1", "malformed version range"),
                reference("M:1.0.0", "illegal character 'M'"),
                reference("m:>=1.0.0\0", "U+0000"),
                new Case("alias 'Production'", r -> r.setAlias("m", "Production", "1.0.0"), InvalidReferenceException.class,
                        "lower-case"),
                new Case("reserved alias", r -> r.setAlias("m", "sha256", "1.0.0"), InvalidReferenceException.class, "reserved"),
                new Case("alias with space", r -> r.setAlias("m", "a b", "1.0.0"), InvalidReferenceException.class, "U+0020"),
                new Case("missing artifact path", r -> r.registerModel(Registration.builder("ok").version("1.0.0")
                        .artifacts(temp.resolve("does-not-exist")).build()), InvalidArtifactException.class, "does not exist"),
                new Case("symlink escaping the artifact dir", r -> r.registerModel(Registration.builder("ok").version("1.0.0")
                        .artifacts(escaping).build()), InvalidArtifactException.class, "points outside"),
                new Case("dangling symlink", r -> r.registerModel(Registration.builder("ok").version("1.0.0")
                        .artifacts(dangling).build()), InvalidArtifactException.class, "dangling"),
                new Case("open with ../ path", r -> r.openArtifact("m:1.0.0", "../secret.txt"), ValidationException.class, "'..'"),
                new Case("open with absolute path", r -> r.openArtifact("m:1.0.0", "/etc/passwd"), ValidationException.class, "relative"),
                new Case("open with empty path", r -> r.openArtifact("m:1.0.0", ""), ValidationException.class, "1..1024"),
                new Case("open with negative offset", r -> r.openArtifact("m:1.0.0", "x", -1, 10), ValidationException.class, "negative"),
                new Case("metric name with space", r -> r.registerModel(Registration.builder("ok").version("1.0.0")
                        .metric("bad name", 1).build()), ValidationException.class, "U+0020"),
                new Case("metric name with '//'", r -> r.registerModel(Registration.builder("ok").version("1.0.0")
                        .metric("eval//precision", 1).build()), ValidationException.class, "'//'"),
                new Case("metric name ending in '/'", r -> r.registerModel(Registration.builder("ok").version("1.0.0")
                        .metric("eval/", 1).build()), ValidationException.class, "'/'"),
                new Case("NaN metric", r -> r.updateMetrics("m:1.0.0", Map.of("acc", Double.NaN)), ValidationException.class,
                        "finite"),
                new Case("infinite metric", r -> r.registerModel(Registration.builder("ok").version("1.0.0")
                        .metric("loss", Double.POSITIVE_INFINITY).build()), ValidationException.class, "finite"),
                new Case("tag with space", r -> r.updateTags("m:1.0.0", Set.of("a tag"), Set.of()), ValidationException.class,
                        "U+0020"),
                new Case("empty metrics update", r -> r.updateMetrics("m:1.0.0", Map.of()), ValidationException.class,
                        "no metrics"),
                new Case("lineage parent that is a range", r -> r.registerModel(Registration.builder("ok").version("1.0.0")
                        .lineage(new Lineage(List.of("m:^1"), null, null, null, null, null, null)).build()),
                        ValidationException.class, "exact reference"),
                new Case("negative gc grace", r -> r.collectGarbage(Duration.ofSeconds(-1)), ValidationException.class,
                        "grace"));
        assertThat(cases).hasSizeGreaterThanOrEqualTo(30);

        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases) {
            tests.add(DynamicTest.dynamicTest(c.what(), () -> {
                assertThatThrownBy(() -> c.action().accept(registry)).isInstanceOf(c.type())
                        .hasMessageContaining(c.message());
                assertThat(registry.listModels()).containsExactly("m");
                assertThat(registry.listVersions("m")).extracting(ModelVersion::version).containsExactly("1.0.0");
                assertThat(registry.getModel("m").sequence()).isEqualTo(1);
                assertThat(registry.collectGarbage(Duration.ofDays(1)).blobsScanned()).isZero();
            }));
        }
        return tests;
    }

    @Test
    void bumpingPastTheLargestComponentIsAValidationErrorAndWritesNothing() {
        registry.registerModel(Registration.builder("big").version("2147483647.2147483647.2147483647").build());
        for (Bump bump : Bump.values()) {
            assertThatThrownBy(() -> registry.registerModel(Registration.builder("big").bump(bump).build()))
                    .isInstanceOf(ValidationException.class)
                    .hasMessageContaining("cannot bump " + bump + " past version 2147483647.2147483647.2147483647");
        }
        assertThat(registry.listVersions("big")).hasSize(1);
        assertThat(registry.resolve("big:2147483647.2147483647.2147483647").version()).startsWith("2147483647.");
    }
}
