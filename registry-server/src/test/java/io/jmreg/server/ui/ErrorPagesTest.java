package io.jmreg.server.ui;

import io.jmreg.api.exceptions.ErrorKind;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The web UI's error pages are one table over the error kinds: one heading for each, none shared. */
class ErrorPagesTest {
    @Test
    void everyKindHasItsOwnHeading() {
        Set<String> headings = new HashSet<>();
        for (ErrorKind k : ErrorKind.values()) {
            assertThat(headings.add(WebUi.heading(k))).as(k.name()).isTrue();
        }
        assertThat(WebUi.heading(ErrorKind.INTEGRITY)).isEqualTo("Failed verification");
    }
}
