package io.jmreg.server.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 9110 single byte ranges, the one parser of the REST, OCI and Hugging Face download routes. */
class ByteRangeTest {
    @Test
    void satisfiableRanges() {
        assertThat(ByteRange.parse("bytes=0-9", 100)).containsExactly(0, 10);
        assertThat(ByteRange.parse("bytes=90-", 100)).containsExactly(90, 100);
        assertThat(ByteRange.parse("bytes=90-500", 100)).containsExactly(90, 100);
        assertThat(ByteRange.parse("bytes=-10", 100)).containsExactly(90, 100);
        assertThat(ByteRange.parse("bytes=-500", 100)).containsExactly(0, 100);
    }

    @Test
    void unsatisfiableRangesAreEmpty() {
        assertThat(ByteRange.parse("bytes=100-", 100)).isEmpty();
        assertThat(ByteRange.parse("bytes=5-4", 100)).isEmpty();
        assertThat(ByteRange.parse("bytes=-0", 100)).isEmpty();
        assertThat(ByteRange.parse("bytes=-10", 0)).as("suffix range of an empty file").isEmpty();
        assertThat(ByteRange.parse("bytes=0-", 0)).isEmpty();
    }

    @Test
    void otherHeadersAreIgnored() {
        assertThat(ByteRange.parse("bytes=0-1,5-6", 100)).isNull();
        assertThat(ByteRange.parse("items=0-1", 100)).isNull();
        assertThat(ByteRange.parse("bytes=a-b", 100)).isNull();
        assertThat(ByteRange.parse("bytes=7", 100)).isNull();
    }
}
