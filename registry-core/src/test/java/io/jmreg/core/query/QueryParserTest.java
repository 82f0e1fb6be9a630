package io.jmreg.core.query;

import io.jmreg.api.exceptions.QueryException;
import io.jmreg.api.exceptions.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Malformed queries fail with a {@link QueryException} at the right offset; well-formed ones parse. */
class QueryParserTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @ParameterizedTest(name = "[{index}] {0} -> offset {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "name:medical AND|16",
        "name:medical OR|15",
        "(name:a|0",
        "(name:a OR (stage:x)|0",
        "name:a)|6",
        ")|0",
        "AND name:a|0",
        "name:a AND AND stage:x|11",
        "NOT|3",
        "-|1",
        "'a - '|4",
        "\"unterminated|0",
        "name:\"unterminated|5",
        "nmae:x|0",
        "foo.bar:1|0",
        "metrics.accuracy:>high|18",
        "metrics.accuracy:high|17",
        "size:lots|5",
        "parameters:>=7B|13",
        "created_at:yesterday|11",
        "created_at:>2026-13-45|12",
        "version:banana|8",
        "version:>=x.y|10",
        "tier:gold|5",
        "name:>medical|5",
        "stage:>=prod|6",
        "name:|5",
        "name: medical|5",
        "owner:(a OR|6",
        "owner:(a b)|9",
        "name:a..z|5",
        "metrics.acc:1..|15",
        "custom.team:>nlp|12",
        "name:\"a\\x\"|7",
        "tags:x name:a ) |14",
    })
    void malformedQueriesPointAtTheProblem(String query, int offset) {
        QueryException e = catchThrowableOfType(QueryException.class, () -> QueryParser.parse(query, NOW));
        assertThat(e).as("query %s", query).isNotNull();
        assertThat(e.offset()).as("%s: %s", query, e.getMessage()).isEqualTo(offset);
        assertThat(e.query()).isEqualTo(query);
        assertThat(e).isInstanceOf(ValidationException.class);
        assertThat(e.getMessage()).contains(query).contains(" ".repeat(offset) + "^");
    }

    @Test
    void unknownFieldsSuggestTheNearestKnownOne() {
        assertThatThrownBy(() -> QueryParser.parse("stgae:production", NOW)).isInstanceOf(QueryException.class)
                .hasMessageContaining("unknown field 'stgae'").hasMessageContaining("did you mean 'stage'?");
        assertThatThrownBy(() -> QueryParser.parse("metric.accuracy:>1", NOW))
                .hasMessageContaining("did you mean 'metrics'?");
        QueryException e = catchThrowableOfType(QueryException.class, () -> QueryParser.parse("name:a AND", NOW));
        assertThat(e.expected()).contains("a term");
    }

    @Test
    void wellFormedQueriesParse() {
        for (String q : new String[] {"", "  ", "name:medical AND version:>=2.0.0", "metrics.rag_accuracy:>0.85",
            "tags:production AND method:lora", "created_at:last_7_days AND base_model:llama-2*",
            "legal-summarizer", "created_at:>now-1h", "-deprecated", "NOT stage:archived", "not (a or b) and c",
            "owner:(\"team a\" OR team-b)", "size:1000..5000000", "version:\"^2.1\"", "version:^2.1", "version:1.x",
            "tier:>=standard", "deployed:production", "alias:champion", "tags.env:prod", "custom.\"my key\":x",
            "custom.budget:<=12", "kind:adapter", "created_at:2026-11-01..2026-11-30", "updated_at:24h",
            "name:\"literal*\"", "a b c", "\"free text\"", "metrics.evaluation.f1:>=0.5 OR metrics.f1:<0.1"}) {
            assertThat(QueryParser.parse(q, NOW)).as(q).isNotNull();
        }
        assertThat(QueryParser.parse("", NOW)).isInstanceOf(Query.All.class);
        assertThat(QueryParser.parse("a -b", NOW)).isInstanceOf(Query.And.class);
        assertThat(QueryParser.parse("legal-summarizer", NOW)).isEqualTo(new Query.Text("legal-summarizer"));
    }
}
