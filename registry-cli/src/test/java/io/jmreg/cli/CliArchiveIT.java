package io.jmreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jmreg pull REF --archive FILE} through the packaged launcher: the format from the name, audited once. */
class CliArchiveIT {
    @TempDir
    Path temp;
    private final Launcher jmreg = new Launcher();
    private final Map<String, byte[]> files = new TreeMap<>();

    @BeforeEach
    void registered() throws Exception {
        jmreg.env.put("REGISTRY_URI", "file:" + temp.resolve("store"));
        jmreg.env.put("REGISTRY_CACHE", temp.resolve("cache").toString());
        jmreg.env.put("REGISTRY_PRINCIPAL", "ci");
        jmreg.run("init").ok();
        Path dir = Files.createDirectories(temp.resolve("model/sub"));
        byte[] weights = new byte[200_000];
        new Random(9).nextBytes(weights);
        files.put("model.bin", weights);
        files.put("sub/config.json", "{\"layers\": 2}".getBytes(StandardCharsets.UTF_8));
        for (var f : files.entrySet()) {
            Files.write(temp.resolve("model").resolve(f.getKey()), f.getValue());
        }
        jmreg.run("register", "fraud", temp.resolve("model").toString(), "--version", "1.0.0").ok();
    }

    @Test
    void aZipAndATarHoldTheVersionsFiles() throws Exception {
        Path zip = temp.resolve("fraud.zip");
        var r = jmreg.run("--json", "pull", "fraud:1.0.0", "--archive", zip.toString()).ok();
        assertThat(r.json().get("format").asText()).isEqualTo("zip");
        Map<String, byte[]> unpacked = new TreeMap<>();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                unpacked.put(e.getName(), z.readAllBytes());
            }
        }
        assertThat(unpacked.keySet()).isEqualTo(files.keySet());
        files.forEach((p, b) -> assertThat(unpacked.get(p)).as(p).isEqualTo(b));

        Path tar = temp.resolve("fraud.TAR");
        assertThat(jmreg.run("pull", "fraud:1.0.0", "--archive", tar.toString()).ok().out().strip())
                .isEqualTo(tar.toAbsolutePath().toString());
        Path out = Files.createDirectories(temp.resolve("untarred"));
        Process p = new ProcessBuilder("tar", "-xf", tar.toString(), "-C", out.toString()).inheritIO().start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        for (var f : files.entrySet()) {
            assertThat(Files.readAllBytes(out.resolve(f.getKey()))).as(f.getKey()).isEqualTo(f.getValue());
        }
        var audit = jmreg.run("--json", "audit", "log", "--action", "archive").ok().json().get("entries");
        assertThat(audit).hasSize(2);
    }

    @Test
    void anUnknownExtensionIsAUsageErrorAndWritesNothing() throws Exception {
        Path rar = temp.resolve("fraud.rar");
        jmreg.run("pull", "fraud:1.0.0", "--archive", rar.toString()).fails(ExitCodes.USAGE, "name it .zip or .tar");
        jmreg.run("pull", "fraud:1.0.0", "--archive", temp.resolve("x.zip").toString(), "--to", temp.toString())
                .fails(ExitCodes.USAGE, "exclude each other");
        jmreg.run("pull", "fraud:9.9.9", "--archive", temp.resolve("y.zip").toString()).fails(ExitCodes.NOT_FOUND, "9.9.9");
        try (var listing = Files.list(temp)) {
            assertThat(listing.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("fraud.") || n.startsWith("x.")
                    || n.startsWith("y."));
        }
    }
}
