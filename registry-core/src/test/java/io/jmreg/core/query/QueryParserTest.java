package io.jmreg.core.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jmreg.api.exceptions.QueryException;
import io.jmreg.api.exceptions.ValidationException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
        ":x|0",
        "metrics.:>1|8",
        "name :x|5",
        "'- tags:x'|0",
        "'a - tags:x'|2",
        "http://example|0",
        "\"quoted\":x|8",
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
    void deepNestingIsAQueryExceptionNotAStackOverflow() {
        for (String deep : new String[] {"(".repeat(4_000) + "a" + ")".repeat(4_000), "NOT ".repeat(2_400) + "a",
            "-".repeat(9_000) + "a", "(-".repeat(3_000) + "a" + ")".repeat(3_000)}) {
            QueryException e = catchThrowableOfType(QueryException.class, () -> QueryParser.parse(deep, NOW));
            assertThat(e).as(deep.substring(0, 10)).isNotNull();
            assertThat(e.getMessage()).contains("deeper than " + QueryParser.MAX_DEPTH);
            assertThat(e.offset()).isBetween(QueryParser.MAX_DEPTH, 4 * QueryParser.MAX_DEPTH);
        }
        String ok = "(".repeat(QueryParser.MAX_DEPTH - 1) + "a" + ")".repeat(QueryParser.MAX_DEPTH - 1);
        assertThat(QueryParser.parse(ok, NOW)).isNotNull();
    }

    @Test
    void sortKeysParseLikeFieldsAndAMalformedOneIsAnError() {
        var keys = QueryParser.parseSort("custom.\"my key\":desc, metrics.f1 ,created_at:ASC");
        assertThat(keys).hasSize(3);
        assertThat(keys.get(0).field().name()).isEqualTo("custom.\"my key\"");
        assertThat(keys.get(0).descending()).isTrue();
        assertThat(keys.get(1).descending()).isFalse();
        assertThat(keys.get(2).descending()).isFalse();
        assertThat(QueryParser.parseSort("  ")).isEmpty();
        for (String[] bad : new String[][] {{"custom.\"my key:desc", "7"}, {"name:sideways", "5"}, {"name,,size", "5"},
            {"name desc", "5"}, {"nmae", "0"}, {"custom.:desc", "0"}, {"name:desc:asc", "9"}, {"name,", "5"},
            {"metrics.\"unterminated", "8"}}) {
            QueryException e = catchThrowableOfType(QueryException.class, () -> QueryParser.parseSort(bad[0]));
            assertThat(e).as(bad[0]).isNotNull();
            assertThat(e.offset()).as("%s: %s", bad[0], e.getMessage()).isEqualTo(Integer.parseInt(bad[1]));
        }
    }

    @Test
    void aKeyWithADotAndNestedKeysAreDifferentFields() {
        assertThat(QueryFields.resolve(List.of("custom", "team.id")).name()).isEqualTo("custom.\"team.id\"");
        assertThat(QueryFields.resolve(List.of("custom", "team", "id")).name()).isEqualTo("custom.team.id");
        assertThat(QueryFields.resolve(List.of("custom", "team")).name()).isEqualTo("custom.team");
        assertThat(QueryFields.resolve(List.of("custom", "a\"b")).name()).isEqualTo("custom.\"a\\\"b\"");
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

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', nullValues = "null", value = {
        "name:model-0005*|model-0005",
        "name:Model-0005* AND metrics.accuracy:>0.9|model-0005",
        "name:\"Legal/Sum*\"|legal/sum*",
        "name:leg?l*|leg",
        "name:*legal|''",
        "name:med\u212Aal*|med",
        "name:!=legal|null",
        "NOT name:legal|null",
        "name:(legal OR medical)|null",
        "name:legal-a OR name:legal-b|legal-",
        "name:legal OR stage:x|null",
        "stage:legal* AND name:med* AND name:medical-2*|medical-2",
        "owner:legal*|null",
        "legal|null"})
    void aNamePatternGivesThePrefixEveryMatchingNameStartsWith(String query, String prefix) {
        Query q = QueryParser.parse(query, NOW);
        assertThat(q.namePrefix()).as(query).isEqualTo(prefix);
        if (prefix != null && !prefix.isEmpty()) { // a name without the prefix never matches
            assertThat(q.mayMatchModel("zz" + prefix)).isFalse();
        }
    }
}
