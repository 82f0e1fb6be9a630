package io.jmreg.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.wire.WireJson;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * The {@code --json} output: the HTTP API's JSON ({@link WireJson}: the wire's field names, times in ISO-8601, absent
 * values left out), indented, one document per command on stdout, so a command's {@code --json} equals the body the
 * HTTP API answers for the same value. JSON files the user hands in (metrics, configuration,
 * checkpoints) are read strictly: a duplicate key, content after the document or nesting deeper than 64 levels is
 * refused, naming the JSON path.
 */
final class JsonOutput {
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .build();

    private JsonOutput() {
    }

    /** {@code value} as JSON text, as the HTTP API writes it (indented). */
    static String write(Object value) {
        return WireJson.writeIndented(value);
    }

    /** {@code value} as JSON on one line (JSON Lines), as the HTTP API writes it. */
    static String writeLine(Object value) {
        return WireJson.writeLine(value);
    }

    /** Reads a JSON file's text into a map (for {@code --metrics-file} and JSON configuration). */
    static Map<String, Object> readObject(String text, String what) {
        try {
            return MAPPER.readValue(text, new TypeReference<Map<String, Object>>() {
            });
        } catch (JsonProcessingException e) {
            throw new ValidationException("%s is not a JSON object: at %s%s: %s", what,
                    path(e), e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")", e.getOriginalMessage());
        }
    }

    /** The JSON path of a parse failure ({@code $.a.b[2]}). */
    private static String path(JsonProcessingException e) {
        Deque<String> parts = new ArrayDeque<>();
        if (e.getProcessor() instanceof JsonParser p) {
            for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot();
                 c = c.getParent()) {
                if (c.inArray()) {
                    parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
                } else if (c.getCurrentName() != null) {
                    parts.push("." + c.getCurrentName());
                }
            }
        }
        return "$" + String.join("", parts);
    }
}
