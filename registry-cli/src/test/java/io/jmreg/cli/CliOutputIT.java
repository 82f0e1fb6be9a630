package io.jmreg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Human output: no Java {@code toString()} of records, maps or optionals, times ISO to the second off a terminal and
 * relative on one (ISO with --json), {@code info} with parameters, datasets and commit, typed {@code --param} values,
 * validated parameter names.
 */
class CliOutputIT {
    @TempDir
    Path temp;
    private final Launcher jmreg = new Launcher();

    @BeforeEach
    void environment() throws Exception {
        jmreg.env.put("REGISTRY_URI", "file:" + temp.resolve("store"));
        jmreg.env.put("REGISTRY_CACHE", temp.resolve("cache").toString());
        jmreg.env.put("REGISTRY_PRINCIPAL", "ci");
        jmreg.run("init").ok();
    }

    private static void readable(String out) {
        assertThat(out).doesNotContainPattern("\\w+\\[\\w+=") // record toString: Grant[subject=...
                .doesNotContain("{").doesNotContain("Optional").doesNotContain("null")
                .doesNotContainPattern("\\d\\.\\d+E-\\d") // 3.0E-4
                .doesNotContainPattern("T\\d\\d:\\d\\d:\\d\\d\\.\\d+Z"); // fractions of seconds
    }

    @Test
    void humanOutputIsReadableAndParametersAreTyped() throws Exception {
        Path file = Files.writeString(temp.resolve("model.bin"), "weights");
        jmreg.run("register", "fraud", file.toString(), "--version", "1.0.0", "--param", "lr=0.0003", "--param",
                "epochs=3", "--param", "amp=true", "--param", "optimizer=adam", "--param", "seed=\"42\"", "--dataset",
                "transactions@2026-10", "--git-commit", "abc123", "--metric", "accuracy=0.9").ok();
        jmreg.run("register", "fraud", file.toString(), "--version", "1.1.0", "--param", "lr=0.001").ok();

        JsonNode params = jmreg.run("--json", "info", "fraud:1.0.0").ok().json().get("training_info")
                .get("hyper_parameters");
        assertThat(params.get("lr").isDouble()).isTrue();
        assertThat(params.get("lr").asDouble()).isEqualTo(0.0003);
        assertThat(params.get("epochs").isInt()).isTrue();
        assertThat(params.get("amp").isBoolean()).isTrue();
        assertThat(params.get("optimizer").asText()).isEqualTo("adam");
        assertThat(params.get("seed").isTextual()).isTrue();
        assertThat(params.get("seed").asText()).isEqualTo("42");

        String info = jmreg.run("info", "fraud:1.0.0").ok().out();
        readable(info);
        assertThat(info).containsPattern("parameters +amp=true epochs=3 lr=0.0003 optimizer=adam seed=42")
                .containsPattern("datasets +transactions@2026-10").containsPattern("commit +abc123")
                .containsPattern("created +\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ by ci");
        assertThat(jmreg.run("--json", "info", "fraud:1.0.0").ok().json().get("created").asText())
                .as("--json keeps the full ISO time").matches("\\d{4}-.*T.*Z");

        jmreg.run("register", "fraud", "--version", "2.0.0", "--param", "<b>x</b>=1")
                .fails(ExitCodes.USAGE, "--param '<b>x</b>': a parameter name is");
        jmreg.run("alias", "set", "fraud", "production", "1.0.0").ok();
        Path policy = Files.writeString(temp.resolve("policy.json"), "{\"grants\": [{\"subject\": \"ci\", \"roles\": "
                + "[\"model_admin\"]}, {\"subject\": \"intern\", \"roles\": [\"viewer\"], \"models\": "
                + "\"fraud*\"}]}");
        jmreg.run("policy", "install", policy.toString()).ok();

        String shownPolicy = jmreg.run("policy", "show").ok().out();
        readable(shownPolicy);
        assertThat(shownPolicy.lines().findFirst().orElseThrow()).startsWith("SUBJECT").contains("ROLES");
        assertThat(shownPolicy).containsPattern("intern +viewer +models fraud\\*");
        for (List<String> command : List.of(List.of("stats"), List.of("info", "--model", "fraud"), List.of("audit", "log"),
                List.of("versions", "fraud"), List.of("list"), List.of("alias", "history", "fraud"))) {
            String out = jmreg.run(command.toArray(String[]::new)).ok().out();
            readable(out);
        }
        assertThat(jmreg.run("audit", "log", "--action", "set_alias").ok().out()).contains("alias=production");
        assertThat(jmreg.run("info", "--model", "fraud").ok().out()).containsPattern("aliases +production=1.0.0");
        String compared = jmreg.run("compare", "fraud:1.0.0", "fraud:1.1.0").ok().out();
        assertThat(compared).contains("epochs: 3 -> (none)").doesNotContain("null");
    }

    @Test
    void timesAreRelativeOnATerminal() throws Exception {
        jmreg.run("register", "fraud", "--version", "1.0.0").ok();
        String command = Launcher.PATH + " versions fraud";
        Launcher.Result terminal = Launcher.exec(List.of("script", "-qec", command, "/dev/null"), jmreg.env, null).ok();
        assertThat(terminal.out()).containsPattern("(just now|\\d+ s ago)").doesNotContainPattern("\\d\\d:\\d\\d:\\d\\d");
        jmreg.env.put("JMREG_TIME", "iso");
        assertThat(Launcher.exec(List.of("script", "-qec", command, "/dev/null"), jmreg.env, null).ok().out())
                .containsPattern("T\\d\\d:\\d\\d:\\d\\dZ");
    }
}
