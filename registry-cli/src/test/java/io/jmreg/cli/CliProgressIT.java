package io.jmreg.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Progress counts bytes, not only whole files: registering one 300 MiB file (sparse, so the test is quick to set up)
 * draws a bar that moves while the file is on its way, through a pseudo-terminal; pulling it off a terminal prints
 * plain lines with a byte count before the file is done.
 */
class CliProgressIT {
    private static final Pattern FRAME = Pattern.compile(
            "\\[(#*) *\\] (\\d+(?:\\.\\d)? (?:B|KiB|MiB|GiB)) / 300\\.0 MiB .*?(\\d)/1 files");

    @TempDir
    Path temp;

    @Test
    void aSingleLargeFileMovesTheBarByBytes() throws Exception {
        Launcher jmreg = new Launcher();
        jmreg.env.put("REGISTRY_URI", "file:" + temp.resolve("store"));
        jmreg.env.put("REGISTRY_CACHE", temp.resolve("cache").toString());
        jmreg.env.put("REGISTRY_PRINCIPAL", "ci");
        jmreg.env.put("JMREG_PROGRESS_INTERVAL_MS", "20"); // more frames than the default 100 ms, on a fast machine too
        jmreg.run("init").ok();
        Path big = temp.resolve("model.bin");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(300L << 20);
        }

        Launcher.Result registered = onATerminal(jmreg, "register big " + big + " --version 1.0.0");
        assertMovingBar(registered.out());

        jmreg.env.put("JMREG_PROGRESS", "plain");
        jmreg.env.put("JMREG_PROGRESS_INTERVAL_MS", "100");
        jmreg.env.put("REGISTRY_CACHE", temp.resolve("cache-2").toString()); // the pull downloads
        String plain = jmreg.run("pull", "big:1.0.0", "--to", temp.resolve("plain").toString()).ok().err();
        assertThat(plain).doesNotContain("\r").contains("pull big:1.0.0: 1 files, 300.0 MiB").contains("done in");
        assertThat(Files.size(temp.resolve("plain").resolve("model.bin"))).isEqualTo(300L << 20);
        assertThat(plain.lines().filter(l -> l.contains("/ 300.0 MiB") && l.contains("0/1 files"))
                .filter(l -> !l.startsWith("pull big:1.0.0: 0 B")).count())
                .as("a line with bytes before the only file is done:\n%s", plain).isPositive();
    }

    private static Launcher.Result onATerminal(Launcher jmreg, String args) throws Exception {
        Launcher.Result r = Launcher.exec(List.of("script", "-qec", Launcher.PATH + " " + args, "/dev/null"), jmreg.env,
                null);
        assertThat(r.exit()).as(r.out()).isZero();
        return r;
    }

    /** Frames redrawn with \r: some before the file is done, with a partial bar and growing byte counts. */
    private static void assertMovingBar(String out) {
        List<Double> partial = new ArrayList<>();
        List<Integer> filled = new ArrayList<>();
        for (String frame : out.split("\r")) {
            Matcher m = FRAME.matcher(frame);
            if (m.find() && m.group(3).equals("0")) {
                partial.add(mebibytes(m.group(2)));
                filled.add(m.group(1).length());
            }
        }
        assertThat(partial).as("frames while the only file moves:\n%s", out.replace('\r', '\n')).hasSizeGreaterThanOrEqualTo(2);
        assertThat(partial).isSorted();
        assertThat(partial.get(0)).isLessThan(300.0);
        assertThat(partial.get(partial.size() - 1)).isGreaterThan(partial.get(0));
        assertThat(filled.stream().distinct().count()).as("the bar itself moved").isGreaterThanOrEqualTo(2);
        assertThat(out).contains("[##############################] 300.0 MiB / 300.0 MiB").contains("1/1 files")
                .contains("done in");
    }

    private static double mebibytes(String text) {
        String[] p = text.split(" ");
        double v = Double.parseDouble(p[0]);
        return switch (p[1]) {
            case "B" -> v / (1 << 20);
            case "KiB" -> v / 1024;
            case "GiB" -> v * 1024;
            default -> v;
        };
    }
}
