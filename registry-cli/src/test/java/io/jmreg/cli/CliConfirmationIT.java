package io.jmreg.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Destructive commands ask on a terminal (a pseudo-terminal here), take --yes, and refuse without it elsewhere. */
class CliConfirmationIT {
    @TempDir
    Path temp;

    @Test
    void deleteRollbackAndAliasRemovalAskOnATerminalAndNeedYesElsewhere() throws Exception {
        Launcher jmreg = new Launcher();
        jmreg.env.put("REGISTRY_URI", "file:" + temp.resolve("store"));
        jmreg.env.put("REGISTRY_CACHE", temp.resolve("cache").toString());
        jmreg.env.put("REGISTRY_PRINCIPAL", "ci");
        jmreg.run("init").ok();
        jmreg.run("register", "fraud", "--version", "1.0.0").ok();
        jmreg.run("register", "fraud", "--version", "1.1.0").ok();
        jmreg.run("alias", "set", "fraud", "production", "1.0.0").ok();
        jmreg.run("deploy", "fraud:1.0.0", "prod").ok();
        jmreg.run("deploy", "fraud:1.1.0", "prod").ok();

        jmreg.run("delete", "fraud:1.1.0").fails(ExitCodes.USAGE, "delete fraud:1.1.0 needs --yes");
        jmreg.run("rollback", "fraud", "prod").fails(ExitCodes.USAGE, "needs --yes");
        jmreg.run("alias", "rm", "fraud", "production").fails(ExitCodes.USAGE, "remove fraud@production (now 1.0.0) needs --yes");
        assertThat(jmreg.run("resolve", "fraud@production").ok().out().strip()).isEqualTo("fraud:1.0.0");

        assertThat(jmreg.run("--json", "rollback", "fraud", "prod", "--yes").ok().json().get("splits").get(0)
                .get("version").asText()).isEqualTo("1.0.0"); // the environment's alias leaves 1.1.0
        Launcher.Result no = onATerminal(jmreg, "n\n", "delete fraud:1.1.0");
        assertThat(no.exit()).as("%s%n%s", no.out(), no.err()).isEqualTo(ExitCodes.ERROR);
        assertThat(no.out()).contains("delete fraud:1.1.0? [y/N]").contains("cancelled");
        jmreg.run("resolve", "fraud:1.1.0").ok();
        Launcher.Result yes = onATerminal(jmreg, "y\n", "delete fraud:1.1.0");
        assertThat(yes.exit()).as("%s%n%s", yes.out(), yes.err()).isZero();
        assertThat(yes.out()).contains("deleted fraud:1.1.0");
        jmreg.run("resolve", "fraud:1.1.0").fails(ExitCodes.NOT_FOUND, "1.1.0");

        jmreg.run("alias", "rm", "fraud", "production", "-y").ok();
        assertThat(jmreg.run("--json", "alias", "list", "fraud").ok().json().get("aliases").has("production")).isFalse();
    }

    /** Runs jmreg in a pseudo-terminal, typing {@code answer} after a second (when the question is asked). */
    private static Launcher.Result onATerminal(Launcher jmreg, String answer, String args) throws Exception {
        String typed = "(sleep 1; printf '" + answer.replace("\n", "\\n") + "'; sleep 3)";
        return Launcher.exec(List.of("sh", "-c", typed + " | script -qec '" + Launcher.PATH + " " + args
                + "' /dev/null"), jmreg.env, null);
    }
}
