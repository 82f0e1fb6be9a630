package io.jmreg.core.properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelReference;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.Versions;
import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.search.SearchRequest;
import io.jmreg.core.access.PolicyJson;
import io.jmreg.core.lifecycle.GateEvaluator;
import io.jmreg.core.lifecycle.StageMachineJson;
import io.jmreg.core.query.QueryParser;
import io.jmreg.core.semver.SemverOrder;
import io.jmreg.core.semver.VersionSelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Every parser of the library (reference, version, range, query, sort, gate, policy, stage machine) fed random text
 * and structured hostile input (deep nesting, huge numbers, odd unicode, duplicate keys, trailing content): it either
 * accepts the input or throws one of the registry's own exceptions, never a JVM or third-party one
 * ({@code StackOverflowError}, {@code NullPointerException}, semver4j's {@code SemverException}, ...). Depth and size
 * are bounded so each property runs in well under a second per hundred tries.
 */
class ParserFuzzTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final List<String> VERSIONS = List.of("0.0.1", "1.0.0", "1.2.3-rc.1", "2.0.0",
            "2147483647.2147483647.2147483647", "1.0.0-9223372036854775807", "3.0.0-alpha.beta+build.7");
    private static final String[] ODD = {"\u0000", "\u202e", "\u200b", "\ud83d\ude00", "\ud800", "\udc00", "e\u0301",
        "\u00a0", "\u3000", "\ufeff", "\uffff", "\u0130", "\u212a", "\t", "\n", "\\", "\"", "'"};
    private static final String[] QUERY_ATOMS = {"name", "version", "metrics", "metrics.acc", "custom", "custom.\"a.b\"",
        "tags", "tier", "created_at", "size", "stage", ":", ".", "..", "(", ")", "\"", "-", "NOT", "AND", "OR", "not",
        ">=", "<=", "!=", ">", "<", "=", "*", "?", "^", "~", "x", "1.x", "1.2.3", "^1.2", "now-7d", "last_7_days", "7d",
        "2026-11-01", "lite", " ", " ", "  ", ",", ":desc", ":asc"};
    private static final String[] JSON_ATOMS = {"{", "}", "[", "]", ":", ",", "\"grants\"", "\"roles\"", "\"subject\"",
        "\"models\"", "\"tag\"", "\"tiers\"", "\"protected\"", "\"schema\"", "\"initial\"", "\"stages\"",
        "\"transitions\"", "\"operations\"", "\"approval\"", "\"model_admin\"", "\"viewer\"", "\"*\"", "\"DEPLOY\"",
        "\"dev\"", "\"prod\"", "null", "true", "false", "1", "-0", "1e999", "0.5", "\"\"", " ", "\"\\u0000\""};
    private static final String POLICY = "{\"roles\": {\"r\": [\"models:read\"]}, \"grants\": [{\"subject\": \"admin\", "
            + "\"roles\": [\"model_admin\"]}, {\"subject\": \"*\", \"roles\": [\"r\"], \"models\": \"a/*\", \"tag\": \"t\"}],"
            + " \"tiers\": {\"*\": \"lite\"}, \"protected\": {\"aliases\": [\"production\"], \"environments\": []}}";
    private static final String MACHINE = "{\"initial\": \"dev\", \"stages\": {\"dev\": {\"transitions\": [\"prod\"], "
            + "\"operations\": [\"DEPLOY\"]}, \"prod\": {\"approval\": \"other-principal\"}}}";

    private static Path cache;
    private static ModelRegistry registry;

    @BeforeContainer
    static void open() throws Exception {
        cache = Files.createTempDirectory("fuzz");
        registry = ModelRegistry.open(RegistryOptions.builder("mem:").cacheDirectory(cache).build());
        for (String v : VERSIONS) {
            registry.registerModel(Registration.builder("m").version(v).tags("t", "env:prod").metric("eval.acc", 0.5)
                    .custom("a.b", 1).custom("a", Map.of("b", "x")).build());
        }
    }

    @AfterContainer
    static void close() {
        registry.close();
    }

    /** Runs {@code parser}; anything it throws must be a registry exception. */
    private static void onlyRegistryExceptions(String input, Runnable parser) {
        try {
            parser.run();
        } catch (Throwable t) {
            assertThat(t).as("input %s", printable(input)).isInstanceOf(RegistryException.class);
            assertThat(t.getMessage()).as("message for %s", printable(input)).isNotBlank();
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 300 ? s.substring(0, 300) + "...(" + s.length() + " chars)" : s;
        StringBuilder b = new StringBuilder();
        cut.codePoints().forEach(c -> b.append(c < 32 || c > 126 ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return b.toString();
    }

    // ---- generators -------------------------------------------------------------------------------------------

    @Provide
    Arbitrary<String> garbage() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(80),
                Arbitraries.strings().withChars("abcz019.-+:@^~<>=|*xX ()\"\\,/").ofMaxLength(60),
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.randomValue(ParserFuzzTest::hugeNumbers),
                Arbitraries.randomValue(ParserFuzzTest::oddUnicode));
    }

    @Provide
    Arbitrary<String> queries() {
        return Arbitraries.oneOf(garbage(), Arbitraries.randomValue(r -> atoms(r, QUERY_ATOMS, 1 + r.nextInt(30))),
                Arbitraries.randomValue(ParserFuzzTest::nestedQuery),
                Arbitraries.randomValue(ParserFuzzTest::typedTerm));
    }

    @Provide
    Arbitrary<String> versionsAndRanges() {
        return Arbitraries.oneOf(garbage(), Arbitraries.randomValue(ParserFuzzTest::versionLike),
                Arbitraries.randomValue(r -> pick(r, "^", "~", ">=", "<", "", "=", ">") + versionLike(r)
                        + pick(r, "", " || ", " - ", " <") + (r.nextBoolean() ? versionLike(r) : "")));
    }

    @Provide
    Arbitrary<String> json() {
        return Arbitraries.oneOf(garbage(), Arbitraries.randomValue(r -> atoms(r, JSON_ATOMS, 1 + r.nextInt(40))),
                Arbitraries.randomValue(r -> jsonValue(r, 0)),
                Arbitraries.randomValue(r -> mutate(r, r.nextBoolean() ? POLICY : MACHINE)),
                Arbitraries.randomValue(ParserFuzzTest::deepJson));
    }

    private static String pick(Random r, String... options) {
        return options[r.nextInt(options.length)];
    }

    private static String atoms(Random r, String[] atoms, int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(r.nextInt(8) == 0 ? pick(r, ODD) : pick(r, atoms));
        }
        return b.toString();
    }

    private static String digits(Random r) {
        int len = pick(r, "short", "long", "huge").equals("short") ? 1 + r.nextInt(10) : r.nextBoolean()
                ? 10 + r.nextInt(15) : 19 + r.nextInt(400);
        StringBuilder b = new StringBuilder().append((char) ('1' + r.nextInt(9)));
        for (int i = 1; i < len; i++) {
            b.append((char) ('0' + r.nextInt(10)));
        }
        return r.nextInt(6) == 0 ? pick(r, "2147483647", "2147483648", "9223372036854775807", "9223372036854775808",
                "4294967296", "0", "00") : b.toString();
    }

    private static String hugeNumbers(Random r) {
        return digits(r) + pick(r, ".", "e", "E-", "..", "") + digits(r);
    }

    private static String oddUnicode(Random r) {
        StringBuilder b = new StringBuilder();
        for (int i = 0, n = 1 + r.nextInt(12); i < n; i++) {
            b.append(r.nextBoolean() ? pick(r, ODD) : pick(r, "a", "m", ":", "@", "1", ".", "/", "name:", "tags:"));
        }
        return b.toString();
    }

    private static String versionLike(Random r) {
        String v = digits(r) + "." + digits(r) + "." + digits(r);
        return v + pick(r, "", "", "-rc." + digits(r), "-" + digits(r), "-a.b-c", "+b." + digits(r), "-x.", "-0" + digits(r));
    }

    /** Parentheses and negations around real terms: near the limit, or thousands deep (a recursive parser's end). */
    private static String nestedQuery(Random r) {
        int depth = r.nextBoolean() ? r.nextInt(2 * QueryParser.MAX_DEPTH + 10) : 1_000 + r.nextInt(5_000);
        StringBuilder open = new StringBuilder();
        StringBuilder close = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            switch (r.nextInt(3)) {
                case 0 -> {
                    open.append('(');
                    close.append(')');
                }
                case 1 -> open.append("NOT ");
                default -> open.append('-');
            }
        }
        return open + typedTerm(r) + (r.nextInt(10) == 0 ? "" : close.reverse().toString());
    }

    private static String typedTerm(Random r) {
        String field = pick(r, "name", "version", "metrics.acc", "metrics.eval.acc", "custom.\"a.b\"", "custom.a.b",
                "created_at", "size", "tier", "tags", "tags.env", "stage", "parameters", "updated_at");
        String value = switch (r.nextInt(5)) {
            case 0 -> versionLike(r);
            case 1 -> hugeNumbers(r);
            case 2 -> pick(r, "now-" + digits(r) + "d", "last_" + digits(r) + "_days", digits(r) + "h", "2026-02-30",
                    "9999999-01-01", "lite", "\"^1.2\"", "*", "?", "a*b?");
            case 3 -> oddUnicode(r);
            default -> digits(r) + ".." + digits(r);
        };
        return field + ":" + pick(r, "", ">=", "<", "!=", "=", ">") + value;
    }

    private static String jsonValue(Random r, int depth) {
        int kind = depth > 6 ? r.nextInt(4) : r.nextInt(7);
        return switch (kind) {
            case 0 -> "\"" + pick(r, "grants", "roles", "subject", "model_admin", "*", "dev", "DEPLOY", "a/*",
                    "models:read", "registry:*", "\\ud800", "\\u0000", "") + "\"";
            case 1 -> r.nextBoolean() ? digits(r) : "-" + hugeNumbers(r);
            case 2 -> pick(r, "null", "true", "false");
            case 3 -> "\"" + oddUnicode(r).replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\x00-\\x1f]", "") + "\"";
            case 4, 5 -> {
                StringBuilder b = new StringBuilder("{");
                for (int i = 0, n = r.nextInt(5); i < n; i++) {
                    b.append(i > 0 ? "," : "").append('"').append(pick(r, "grants", "roles", "subject", "models", "tag",
                            "tiers", "protected", "aliases", "environments", "schema", "initial", "stages", "transitions",
                            "operations", "approval", "dev", "prod", "*", "r")).append("\":").append(jsonValue(r, depth + 1));
                }
                yield b.append('}').toString();
            }
            default -> {
                StringBuilder b = new StringBuilder("[");
                for (int i = 0, n = r.nextInt(4); i < n; i++) {
                    b.append(i > 0 ? "," : "").append(jsonValue(r, depth + 1));
                }
                yield b.append(']').toString();
            }
        };
    }

    /** A valid document with one token deleted, duplicated or replaced, or content appended. */
    private static String mutate(Random r, String doc) {
        int at = r.nextInt(doc.length());
        return switch (r.nextInt(5)) {
            case 0 -> doc.substring(0, at) + doc.substring(Math.min(doc.length(), at + 1 + r.nextInt(8)));
            case 1 -> doc.substring(0, at) + pick(r, JSON_ATOMS) + doc.substring(at);
            case 2 -> doc + pick(r, " {}", "]", " x", ",", "\n{\"grants\": []}", "\u0000");
            case 3 -> doc.replaceFirst("\"grants\": \\[", "\"grants\": [], \"grants\": [")
                    .replaceFirst("\"stages\": \\{", "\"stages\": {}, \"stages\": {");
            default -> doc.substring(0, at) + pick(r, ODD) + doc.substring(at);
        };
    }

    /** Arrays or objects nested up to 3,000 deep, closed or not. */
    private static String deepJson(Random r) {
        int depth = 1 + r.nextInt(3_000);
        String open = r.nextBoolean() ? "[" : "{\"grants\":";
        String close = open.equals("[") ? "]" : "}";
        return "{\"grants\": " + open.repeat(depth) + (r.nextBoolean() ? close.repeat(depth) : "") + "}";
    }

    // ---- properties -------------------------------------------------------------------------------------------

    @Property(tries = 200)
    void referencesAndRangesOnlyThrowRegistryExceptions(@ForAll("versionsAndRanges") String text,
                                                        @ForAll("garbage") String name) {
        for (String ref : new String[] {"m:" + text, "m@" + text, text, name + ":" + text, "m:" + name}) {
            onlyRegistryExceptions(ref, () -> {
                ModelReference parsed = ModelReference.parse(ref);
                if (parsed.kind() != ModelReference.Kind.ALIAS && parsed.kind() != ModelReference.Kind.DIGEST) {
                    VersionSelector.select(parsed, VERSIONS.stream().sorted(SemverOrder.PRECEDENCE).toList());
                }
            });
        }
        onlyRegistryExceptions("resolve m:" + text, () -> registry.resolve("m:" + text));
    }

    @Property(tries = 400)
    void aVersionThatPassesValidationIsOneTheLibraryCanOrder(@ForAll("versionsAndRanges") String text) {
        onlyRegistryExceptions(text, () -> {
            Versions.requireVersion(text);
            for (String other : VERSIONS) {
                SemverOrder.PRECEDENCE.compare(text, other);
            }
            SemverOrder.isPreRelease(text);
        });
    }

    @Property(tries = 500)
    void queriesOnlyThrowRegistryExceptions(@ForAll("queries") String query) {
        onlyRegistryExceptions(query, () -> QueryParser.parse(query, NOW));
    }

    @Property(tries = 150)
    void queriesEvaluatedThroughTheRegistryOnlyThrowRegistryExceptions(@ForAll("queries") String query) {
        onlyRegistryExceptions(query, () -> registry.search().versions(SearchRequest.of(query).limit(3)));
        onlyRegistryExceptions(query, () -> registry.search().models(SearchRequest.of(query).limit(3)));
    }

    /** A key whose field path ends the input (the Kelvin sign is a letter no field name has). */
    @Example
    void aMalformedSortKeyAtTheEndIsNamedInTheError() {
        assertThatThrownBy(() -> QueryParser.parseSort("\u212a.")).isInstanceOf(RegistryException.class)
                .hasMessageContaining("malformed sort key '\u212a.'");
    }

    @Property(tries = 400)
    void sortKeysOnlyThrowRegistryExceptions(@ForAll("queries") String sort) {
        onlyRegistryExceptions(sort, () -> QueryParser.parseSort(sort));
        onlyRegistryExceptions(sort, () -> registry.search().versions(SearchRequest.of("").sortedBy(sort).limit(2)));
    }

    @Property(tries = 400)
    void gatesOnlyThrowRegistryExceptions(@ForAll("queries") String gate) {
        ModelVersion v = registry.resolve("m:1.0.0");
        onlyRegistryExceptions(gate, () -> GateEvaluator.evaluate(GateEvaluator.parse(gate), v));
        onlyRegistryExceptions(gate, () -> GateEvaluator.evaluate(GateEvaluator.parse(gate.replace(":", " ")), v));
    }

    @Property(tries = 400)
    void policiesOnlyThrowRegistryExceptions(@ForAll("json") String json) {
        onlyRegistryExceptions(json, () -> PolicyJson.parse(json));
    }

    @Property(tries = 400)
    void stageMachinesOnlyThrowRegistryExceptions(@ForAll("json") String json) {
        onlyRegistryExceptions(json, () -> StageMachineJson.parse(json, "fuzz.json"));
        onlyRegistryExceptions(json, () -> StageMachineJson.parse(json.replace("grants", "stages"), "fuzz.json"));
    }
}
