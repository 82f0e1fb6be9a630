package io.jmreg.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.model.Lineage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle is a real OCI layout: Debian's {@code skopeo} copies it ({@code oci:} to {@code oci-archive:} and back), and
 * the copy imports. Skipped with a message where skopeo is missing, except on CI ({@code CI=true}), where
 * {@code .ci/run} installs it and its absence is a failure.
 */
class SkopeoInteropTest {
    @TempDir
    Path temp;

    private static void skopeo(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("skopeo %s: %s", String.join(" ", args), out).isZero();
    }

    @Test
    void skopeoCopiesABundleToAnArchiveAndBackAndTheCopyImports() throws Exception {
        boolean present = Files.isExecutable(Path.of("/usr/bin/skopeo"));
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("skopeo is required on CI (.ci/run installs Debian's skopeo)");
        }
        Assumptions.assumeTrue(present, "skopeo is not installed (Debian package skopeo): OCI interop not tested here");
        try (ModelRegistry a = ModelRegistry.open(RegistryOptions.builder("file:" + temp.resolve("a"))
                .cacheDirectory(temp.resolve("ca")).build());
             ModelRegistry b = ModelRegistry.open(RegistryOptions.builder("file:" + temp.resolve("b"))
                     .cacheDirectory(temp.resolve("cb")).build())) {
            Path dir = Files.createDirectories(temp.resolve("files/sub"));
            Files.writeString(dir.resolve("weights.bin"), "weights");
            Files.writeString(dir.getParent().resolve("config.json"), "{}");
            a.registerModel(Registration.builder("demo").version("1.2.0").artifacts(dir.getParent()).metric("acc", 0.8)
                    .build());
            new OciBundles(a).export(List.of("demo:1.2.0"), temp.resolve("bundle"));
            skopeo("copy", "oci:" + temp.resolve("bundle") + ":demo_1.2.0", "oci-archive:" + temp.resolve("demo.tar"));
            skopeo("copy", "oci-archive:" + temp.resolve("demo.tar"), "oci:" + temp.resolve("copy") + ":demo_1.2.0");
            OciBundles.ImportReport report = new OciBundles(b).importBundle(temp.resolve("copy"));
            new OciBundles(a).export(List.of("demo:1.2.0"), temp.resolve("ours.tar"));
            skopeo("copy", "oci-archive:" + temp.resolve("ours.tar") + ":demo_1.2.0", "oci:" + temp.resolve("from-tar")
                    + ":demo_1.2.0");
            assertThat(temp.resolve("from-tar/index.json")).exists();
            assertThat(report.registered()).containsExactly("demo:1.2.0");
            assertThat(b.resolve("demo:1.2.0").artifacts().digest()).isEqualTo(a.resolve("demo:1.2.0").artifacts().digest());
            assertThat(b.resolve("demo:1.2.0").metrics()).containsEntry("acc", 0.8);
        }
    }

    @Test
    void aliasesStageHistoryAndParentsSurviveASkopeoCopyOfOneVersion() throws Exception {
        boolean present = Files.isExecutable(Path.of("/usr/bin/skopeo"));
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("skopeo is required on CI (.ci/run installs Debian's skopeo)");
        }
        Assumptions.assumeTrue(present, "skopeo is not installed (Debian package skopeo): OCI interop not tested here");
        try (ModelRegistry a = ModelRegistry.open(RegistryOptions.builder("file:" + temp.resolve("a"))
                .cacheDirectory(temp.resolve("ca")).build());
             ModelRegistry b = ModelRegistry.open(RegistryOptions.builder("file:" + temp.resolve("b"))
                     .cacheDirectory(temp.resolve("cb")).build())) {
            Path base = Files.createDirectories(temp.resolve("base"));
            Files.writeString(base.resolve("w.bin"), "base weights");
            Path tuned = Files.createDirectories(temp.resolve("tuned"));
            Files.writeString(tuned.resolve("w.bin"), "tuned weights");
            a.registerModel(Registration.builder("base").version("1.0.0").artifacts(base).build());
            a.registerModel(Registration.builder("tuned").version("1.0.0").artifacts(tuned)
                    .lineage(Lineage.ofParents("base:1.0.0")).build());
            a.lifecycle().promote("tuned:1.0.0", "testing");
            a.lifecycle().promote("tuned:1.0.0", "staging");
            a.setAlias("tuned", "champion", "1.0.0");
            new OciBundles(a).export(List.of("tuned:1.0.0"), temp.resolve("bundle"));
            for (String ref : List.of("base_1.0.0", "tuned_1.0.0")) {
                skopeo("copy", "oci:" + temp.resolve("bundle") + ":" + ref, "oci-archive:" + temp.resolve(ref + ".tar"));
                skopeo("copy", "oci-archive:" + temp.resolve(ref + ".tar"), "oci:" + temp.resolve("copy") + ":" + ref);
            }
            OciBundles.ImportReport report = new OciBundles(b).importBundle(temp.resolve("copy"));
            assertThat(report.registered()).containsExactly("base:1.0.0", "tuned:1.0.0");
            assertThat(report.complete()).isTrue();
            assertThat(b.resolve("tuned@champion").version()).isEqualTo("1.0.0");
            assertThat(b.resolve("tuned:1.0.0").stage()).isEqualTo("staging");
            assertThat(b.lifecycle().stageHistory("tuned:1.0.0")).extracting(c -> c.to()).containsSubsequence("testing", "staging");
        }
    }
}
