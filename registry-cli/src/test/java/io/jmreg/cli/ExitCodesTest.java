package io.jmreg.cli;

import io.jmreg.api.exceptions.ErrorKind;
import io.jmreg.api.exceptions.IntegrityException;
import io.jmreg.api.exceptions.InvalidArtifactException;
import io.jmreg.api.exceptions.OutcomeUnknownException;
import io.jmreg.api.exceptions.UntrustedVersionException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The exit codes are one table over the registry's error kinds, the table the README prints. */
class ExitCodesTest {
    @Test
    void everyKindHasItsDocumentedExitCode() {
        Map<ErrorKind, Integer> readme = Map.of(ErrorKind.NOT_FOUND, 3, ErrorKind.DENIED, 4, ErrorKind.INVALID, 2,
                ErrorKind.CONFLICT, 6, ErrorKind.REFUSED, 6, ErrorKind.INTEGRITY, 5, ErrorKind.UNAVAILABLE, 1,
                ErrorKind.OUTCOME_UNKNOWN, 8);
        for (ErrorKind k : ErrorKind.values()) {
            assertThat(ExitCodes.of(k)).as(k.name()).isEqualTo(readme.get(k));
        }
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
