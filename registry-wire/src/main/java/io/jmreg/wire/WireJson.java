package io.jmreg.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON of the HTTP API: the API's value types with the field names {@link WireShape} gives them (snake_case),
 * times in ISO-8601, absent values left out. The server reads strictly (an unknown field, a duplicate key or content after the body is an error,
 * {@link #describe} names its JSON path); the client reads leniently (a newer server may add fields). Both refuse
 * nesting deeper than {@link #MAX_DEPTH}.
 */
public final class WireJson {
    /** Deepest nesting of objects and arrays read. */
    public static final int MAX_DEPTH = 200;
    private static final ObjectMapper STRICT = mapper(true);
    private static final ObjectMapper LENIENT = mapper(false);

    private WireJson() {
    }

    private static ObjectMapper mapper(boolean strict) {
        JsonFactory factory = JsonFactory.builder()
                .configure(StreamReadFeature.STRICT_DUPLICATE_DETECTION, strict)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                .build();
        return JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .addModule(WireShape.module())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, strict)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false) // a missing flag is false
                .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS) // as the CLI
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
                // a wrong type is a 400 on the server: no number or boolean read as text, no text as a number or flag
                .withCoercionConfig(LogicalType.Textual, c -> {
                    if (strict) {
                        c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
                    }
                })
                .configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, !strict)
                .build();
    }

    /** The strict mapper (the server's), for tests of the wire's shape. */
    static ObjectMapper strictMapper() {
        return STRICT;
    }

    /** {@code value} as compact JSON bytes. */
    public static byte[] write(Object value) {
        try {
            return STRICT.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * {@code value} as indented JSON text: the same document as {@link #write}, for people (the CLI's {@code --json},
     * which therefore equals the HTTP API's body for the same value).
     */
    public static String writeIndented(Object value) {
        try {
            return STRICT.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** {@code value} as JSON text on one line (JSON Lines). */
    public static String writeLine(Object value) {
        return new String(write(value), StandardCharsets.UTF_8);
    }

    /**
     * Reads a request body strictly.
     *
     * @throws JsonProcessingException with the problem and its position
     */
    public static <T> T readStrict(InputStream in, Type type) throws IOException {
        return STRICT.readValue(in, STRICT.getTypeFactory().constructType(type));
    }

    /** Reads a response body leniently. */
    public static <T> T read(byte[] json, Type type) throws IOException {
        JavaType t = LENIENT.getTypeFactory().constructType(type);
        return LENIENT.readValue(json, t);
    }

    /** Reads a response body leniently. */
    public static <T> T read(InputStream json, Type type) throws IOException {
        JavaType t = LENIENT.getTypeFactory().constructType(type);
        return LENIENT.readValue(json, t);
    }

    /** {@code "at $.path (line L, column C): problem"} for a failure of {@link #readStrict}. */
    public static String describe(JsonProcessingException e) {
        StringBuilder path = new StringBuilder("$");
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            for (JsonMappingException.Reference r : m.getPath()) {
                path.append(r.getFieldName() != null ? "." + r.getFieldName() : "[" + Math.max(0, r.getIndex()) + "]");
            }
        } else if (e.getProcessor() instanceof JsonParser p) {
            Deque<String> parts = new ArrayDeque<>();
            for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
                if (c.inArray()) {
                    parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
                } else if (c.getCurrentName() != null) {
                    parts.push("." + c.getCurrentName());
                }
            }
            parts.forEach(path::append);
        }
        String where = e.getLocation() == null || e.getLocation().getLineNr() < 0 ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        return "at " + path + where + ": " + problem(e);
    }

    /** The problem of {@code e} in the registry's words: JSON types, never Java class names. */
    static String problem(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field '" + u.getPropertyName() + "'";
        }
        if (e instanceof InvalidFormatException f && f.getTargetType() != null
                && f.getTargetType().isEnum()) {
            return "'" + f.getValue() + "' is not one of " + Arrays.stream(f.getTargetType().getEnumConstants())
                    .map(Object::toString).sorted().toList();
        }
        if (String.valueOf(e.getOriginalMessage()).startsWith("Trailing token")) {
            return "Trailing token after the JSON value: a body holds exactly one value";
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            String got = e.getProcessor() instanceof JsonParser p && p.currentToken() != null ? switch (p.currentToken()) {
                case START_OBJECT -> "an object";
                case START_ARRAY -> "an array";
                case VALUE_STRING -> "a string";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case VALUE_NULL -> "null";
                default -> "something else";
            } : "something else";
            if (got.equals("something else") && e instanceof InvalidFormatException f) { // a refused coercion
                got = f.getValue() instanceof Number ? "a number" : f.getValue() instanceof Boolean ? "a boolean"
                        : f.getValue() instanceof String ? "a string" : got;
            }
            return "expected " + jsonType(m.getTargetType()) + ", got " + got;
        }
        String text = String.valueOf(e.getOriginalMessage());
        Matcher m = Pattern.compile("`([\\w.$\\[\\]<>, ]+)`").matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(jsonType(m.group(1))));
        }
        m.appendTail(out);
        return out.toString().replaceAll("\\s*\\((?:class|through reference chain)[^)]*\\)", "")
                .replaceAll("(?:java|javax|com\\.fasterxml|io\\.jmreg)\\.[\\w.$]+", "a value");
    }

    private static String jsonType(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString).sorted().toList();
        }
        return jsonType(type.getName());
    }

    private static String jsonType(String className) {
        String c = className.replaceAll("<.*", "");
        String simple = c.substring(c.lastIndexOf('.') + 1);
        return switch (simple) {
            case "Double", "double", "Float", "float", "BigDecimal", "Number" -> "a number";
            case "Integer", "int", "Long", "long", "Short", "short", "BigInteger" -> "an integer";
            case "Boolean", "boolean" -> "a boolean";
            case "String", "char", "Character" -> "a string";
            case "Instant", "OffsetDateTime" -> "an ISO-8601 instant (a string)";
            case "Duration" -> "an ISO-8601 duration (a string)";
            default -> c.endsWith("[]") || simple.matches(".*(List|Set|Collection)") ? "an array" : "an object";
        };
    }

    /** A parameterised type, such as {@code List<ModelVersion>}. */
    public static Type listOf(Class<?> element) {
        return LENIENT.getTypeFactory().constructCollectionType(List.class, element);
    }

    /** {@code Map<String, V>}. */
    public static Type mapOf(Class<?> value) {
        return LENIENT.getTypeFactory().constructMapType(Map.class, String.class, value);
    }

    /** {@code Outer<Inner>}, such as {@code SearchPage<ModelVersion>}. */
    public static Type generic(Class<?> outer, Class<?> inner) {
        return LENIENT.getTypeFactory().constructParametricType(outer, inner);
    }
}
