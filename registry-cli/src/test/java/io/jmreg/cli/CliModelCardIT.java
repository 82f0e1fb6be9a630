package io.jmreg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Model cards through the real launcher: {@code jmreg describe MODEL --description TEXT / --description-file FILE}
 * sets, replaces and removes the card, {@code info --model} shows it (table and {@code --json}), and bad input exits
 * with a usage or not-found code changing nothing.
 */
class CliModelCardIT {
    @TempDir
    Path temp;

    private Launcher jmreg() {
        Launcher jmreg = new Launcher();
        jmreg.env.put("REGISTRY_URI", "file:" + temp.resolve("store"));
        jmreg.env.put("REGISTRY_CACHE", temp.resolve("cache").toString());
        jmreg.env.put("REGISTRY_PRINCIPAL", "ci");
        return jmreg;
    }

    @Test
    void modelCardsAreSetFromTextOrAFileShownByInfoAndRemoved() throws Exception {
        Launcher jmreg = jmreg();
        jmreg.run("init").ok();
        jmreg.run("register", "fraud", "--version", "1.0.0", "--description", "the version's own").ok();
        Path card = Files.writeString(temp.resolve("CARD.md"), "# Fraud detector\n\nScores *card payments*.\n");

        assertThat(jmreg.run("describe", "fraud", "--description-file", card.toString()).ok().out())
                .contains("described fraud");
        JsonNode model = jmreg.run("--json", "info", "fraud", "--model").ok().json().get("model");
        assertThat(model.get("description").asText()).isEqualTo("# Fraud detector\n\nScores *card payments*.\n");
        assertThat(jmreg.run("--json", "info", "fraud:1.0.0").ok().json().get("description").asText())
                .isEqualTo("the version's own");
        assertThat(jmreg.run("info", "fraud", "--model").ok().out())
                .contains("Model card:", "# Fraud detector", "Scores *card payments*.");

        JsonNode replaced = jmreg.run("--json", "describe", "fraud", "--description", "Replaced.").ok().json();
        assertThat(replaced.get("name").asText()).isEqualTo("fraud");
        assertThat(replaced.get("description").asText()).isEqualTo("Replaced.");

        jmreg.run("describe", "fraud", "--description", "a", "--description-file", card.toString())
                .fails(ExitCodes.USAGE, "not both");
        jmreg.run("describe", "fraud").fails(ExitCodes.USAGE, "--description");
        jmreg.run("describe", "fraud", "--description", "x".repeat(65_537)).fails(ExitCodes.USAGE, "65536");
        jmreg.run("describe", "nothing-here", "--description", "card").fails(ExitCodes.NOT_FOUND, "nothing-here");
        assertThat(jmreg.run("--json", "info", "fraud", "--model").ok().json().get("model").get("description")
                .asText()).isEqualTo("Replaced.");

        assertThat(jmreg.run("describe", "fraud", "--description", "").ok().out())
                .contains("removed the model card of fraud");
        JsonNode cleared = jmreg.run("--json", "info", "fraud", "--model").ok().json().get("model").path("description");
        assertThat(cleared.isMissingNode() || cleared.isNull()).as("no card: %s", cleared).isTrue();
        assertThat(jmreg.run("info", "fraud", "--model").ok().out()).doesNotContain("Model card:");
    }
}
