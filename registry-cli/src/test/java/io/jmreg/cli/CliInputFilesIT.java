package io.jmreg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An input file named by an option that is missing, a directory or not UTF-8 is the user's bad argument: exit 2 (not
 * 3, which says a model or version is missing), a message naming the option and the file, nothing changed.
 */
class CliInputFilesIT {
    @TempDir
    Path temp;
    private final Launcher jmreg = new Launcher();

    @BeforeEach
    void environment() throws Exception {
        jmreg.env.put("REGISTRY_URI", "file:" + temp.resolve("store"));
        jmreg.env.put("REGISTRY_CACHE", temp.resolve("cache").toString());
        jmreg.env.put("REGISTRY_PRINCIPAL", "ci");
        jmreg.run("init").ok();
        jmreg.run("register", "m", "--version", "1.0.0").ok();
    }

    @Test
    void aMissingUnreadableOrBinaryInputFileIsAUsageErrorNamingIt() throws Exception {
        Path missing = temp.resolve("missing.md");
        Path binary = Files.write(temp.resolve("card.bin"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        for (List<String> command : List.of(
                List.of("describe", "m", "--description-file"),
                List.of("update", "m:1.0.0", "--description-file"),
                List.of("score", "m:1.0.0", "--metrics-file"),
                List.of("register", "m", "--version", "2.0.0", "--metrics-file"),
                List.of("webhook", "add", "http://127.0.0.1:9/hook", "--secret-file"),
                List.of("audit", "verify", "--checkpoint"))) {
            String option = command.get(command.size() - 1);
            run(command, missing).fails(ExitCodes.USAGE, option + " " + missing + ": no such file");
            run(command, temp).fails(ExitCodes.USAGE, option + " " + temp + ": is a directory");
            run(command, binary).fails(ExitCodes.USAGE, option + " " + binary + ": not UTF-8 text");
        }
        assertThat(jmreg.run("--json", "info", "m:1.0.0").ok().json().has("description")).isFalse();
        assertThat(jmreg.run("--json", "info", "--model", "m").ok().json().has("description")).isFalse();
        assertThat(jmreg.run("versions", "m").ok().out()).doesNotContain("2.0.0");
        assertThat(jmreg.run("--json", "webhook", "list").ok().out()).doesNotContain("127.0.0.1:9");
    }

    private Launcher.Result run(List<String> command, Path file) throws Exception {
        String[] args = command.toArray(new String[command.size() + 1]);
        args[command.size()] = file.toString();
        return jmreg.run(args);
    }
}
