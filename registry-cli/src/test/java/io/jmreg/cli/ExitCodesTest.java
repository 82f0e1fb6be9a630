package io.jmreg.cli;

import io.jmreg.api.exceptions.ErrorKind;
import io.jmreg.api.exceptions.IntegrityException;
import io.jmreg.api.exceptions.InvalidArtifactException;
import io.jmreg.api.exceptions.OutcomeUnknownException;
import io.jmreg.api.exceptions.UntrustedVersionException;
import io.jmreg.wire.WireErrors;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The exit codes are one table over the registry's error kinds, the table the README prints. */
class ExitCodesTest {
    @Test
    void everyKindHasItsDocumentedExitCode() {
        Map<ErrorKind, Integer> readme = Map.of(ErrorKind.NOT_FOUND, 3, ErrorKind.DENIED, 4, ErrorKind.INVALID, 2,
                ErrorKind.CONFLICT, 6, ErrorKind.REFUSED, 6, ErrorKind.INTEGRITY, 5, ErrorKind.UNAVAILABLE, 1,
                ErrorKind.OUTCOME_UNKNOWN, 8, ErrorKind.UNAUTHENTICATED, 9);
        for (ErrorKind k : ErrorKind.values()) {
            assertThat(ExitCodes.of(k)).as(k.name()).isEqualTo(readme.get(k));
        }
    }

    @Test
    void theReadmesTableIsTheCodesTable() throws Exception {
        List<String> rows = Files.readAllLines(Path.of("../README.md")).stream()
                .dropWhile(l -> !l.startsWith("| exit code | kind |")).skip(2).takeWhile(l -> l.startsWith("|"))
                .toList();
        int kinds = 0;
        for (String row : rows) {
            String[] cells = row.split("\\|");
            int exit = Integer.parseInt(cells[1].trim());
            Matcher kind = Pattern.compile("`([A-Z_]+)`").matcher(cells[2]);
            List<String> statuses = List.of(cells[4].trim().split(",\\s*"));
            int i = 0;
            while (kind.find()) {
                ErrorKind k = ErrorKind.valueOf(kind.group(1));
                assertThat(ExitCodes.of(k)).as(row).isEqualTo(exit);
                assertThat(Integer.parseInt(statuses.get(i++))).as(row).isEqualTo(WireErrors.status(k));
                kinds++;
            }
        }
        assertThat(kinds).isEqualTo(ErrorKind.values().length);
    }

    @Test
    void theExceptionsTheSurfacesDisagreedOnExitByTheirKind() {
        assertThat(ExitCodes.of(new UntrustedVersionException("m:1.0.0", "unsigned"))).isEqualTo(ExitCodes.INTEGRITY);
        assertThat(ExitCodes.of(new InvalidArtifactException("no such directory"))).isEqualTo(ExitCodes.USAGE);
        assertThat(ExitCodes.of(new IntegrityException("f", "a", "b"))).isEqualTo(ExitCodes.INTEGRITY);
        assertThat(ExitCodes.of(new OutcomeUnknownException("timeout"))).isEqualTo(ExitCodes.OUTCOME_UNKNOWN);
        assertThat(ExitCodes.of(new IllegalStateException("bug"))).isEqualTo(ExitCodes.ERROR);
    }
}
