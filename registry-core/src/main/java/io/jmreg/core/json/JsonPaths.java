package io.jmreg.core.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Where in a document a Jackson failure happened, as a JSON path ({@code $.grants[1].roles}), and a one-line
 * description with that path and, when known, the line and column.
 */
public final class JsonPaths {
    private JsonPaths() {
    }

    /** The JSON path of the failure, {@code $} when it is at the top or unknown. */
    public static String of(JsonProcessingException e) {
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            StringBuilder out = new StringBuilder("$");
            for (JsonMappingException.Reference r : m.getPath()) {
                if (r.getFieldName() != null) {
                    out.append('.').append(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    out.append('[').append(r.getIndex()).append(']');
                }
            }
            return out.toString();
        }
        if (e.getProcessor() instanceof JsonParser p) {
            return of(p.getParsingContext());
        }
        return "$";
    }

    /** The JSON path of a parser position. */
    static String of(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.inObject() && c.getCurrentName() != null) {
                parts.push("." + c.getCurrentName());
            }
        }
        return "$" + String.join("", parts);
    }

    /** {@code "at $.path (line L, column C): problem"}, for an error message. */
    public static String describe(JsonProcessingException e) {
        return describe(e, of(e), e.getLocation());
    }

    /**
     * The same for a failure of {@code parser}: where the exception does not say (a limit of
     * {@code StreamReadConstraints} was passed), the parser's position does.
     */
    public static String describe(JsonProcessingException e, JsonParser parser) {
        if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
            String path = of(e);
            return describe(e, path.equals("$") ? of(parser.getParsingContext()) : path, e.getLocation());
        }
        return describe(e, of(parser.getParsingContext()), parser.currentLocation());
    }

    private static String describe(JsonProcessingException e, String path, JsonLocation location) {
        String where = location == null || location.getLineNr() < 0 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        String problem = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        return "at " + path + where + ": " + problem;
    }
}
