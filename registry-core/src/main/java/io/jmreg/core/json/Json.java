package io.jmreg.core.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.jmreg.api.exceptions.ObjectNotFoundException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.core.store.StoreUris;
import io.jmreg.spi.StorageBackend;
import java.io.IOException;
import java.util.Optional;

/**
 * The one Jackson configuration of core, for every stored document and every JSON document a user hands in:
 * snake_case, ISO-8601 times, unknown fields ignored, the API records' stored names fixed by {@link StoredShape}; and
 * strict reading: a duplicate key, content after the document, nesting deeper than {@link #MAX_DEPTH} or a document
 * longer than its limit fails naming the JSON path. A bad stored document is a {@link StorageException} naming the
 * object; a bad user document a {@link ValidationException}.
 */
public final class Json {
    /** Deepest nesting of objects and arrays read. */
    public static final int MAX_DEPTH = 200;
    /** Largest stored document read (a log entry, checkpoint, audit block, catalog record ...). */
    public static final int MAX_STORED_BYTES = 64 << 20;
    /** Largest document a user hands in (a policy, a stage machine). */
    public static final int MAX_USER_CHARS = 4 << 20;
    /** Deepest nesting of a user document (a policy is four levels deep). */
    public static final int MAX_USER_DEPTH = 32;

    private static final ObjectMapper MAPPER = strict(MAX_STORED_BYTES, MAX_DEPTH);
    private static final ObjectMapper USER = strict(MAX_USER_CHARS, MAX_USER_DEPTH);

    private Json() {
    }

    private static ObjectMapper strict(long maxLength, int maxDepth) {
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION) // never echo a document into a message
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth)
                        .maxDocumentLength(maxLength)
                        .maxStringLength((int) Math.min(Integer.MAX_VALUE, maxLength))
                        .build())
                .build();
        return JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .addModule(StoredShape.module())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.USE_DEFAULTS))
                .build();
    }

    /** The shared (strict) mapper of stored documents. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Serialises a document. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Parses a stored document; {@code where} names it in the error. */
    public static <T> T read(byte[] data, Class<T> type, String where) {
        try {
            return MAPPER.readValue(data, type);
        } catch (JsonProcessingException e) {
            throw new StorageException(e, "stored document '%s' is not a valid %s %s", where, type.getSimpleName(),
                    JsonPaths.describe(e));
        } catch (IOException e) {
            throw new StorageException(e, "stored document '%s' is not a valid %s: %s", where, type.getSimpleName(),
                    e.getMessage());
        }
    }

    /**
     * Reads and parses the stored document at {@code key}, or empty when there is none; one larger than
     * {@link #MAX_STORED_BYTES} (or endless) is refused naming the key, never read whole.
     */
    public static <T> Optional<T> readIfExists(StorageBackend backend, String key, Class<T> type) {
        return bytesIfExists(backend, key).map(bytes -> read(bytes, type, key));
    }

    /** The bytes of the stored document at {@code key}, at most {@link #MAX_STORED_BYTES}, or empty. */
    public static Optional<byte[]> bytesIfExists(StorageBackend backend, String key) {
        return backend.getBytesIfExists(key, MAX_STORED_BYTES);
    }

    /** The bytes of the stored document at {@code key}, at most {@link #MAX_STORED_BYTES}. */
    public static byte[] bytes(StorageBackend backend, String key) {
        return bytesIfExists(backend, key).orElseThrow(() -> new ObjectNotFoundException(
                "%s: no object at key '%s'", StoreUris.redacted(backend.uri()), key));
    }

    /**
     * Parses a JSON document a user handed in, strictly; {@code what} ("policy") starts the error message, which
     * names the JSON path, line and column.
     *
     * @throws ValidationException when it is not one well-formed JSON document within the limits
     */
    public static JsonNode parseUserDocument(String text, String what) {
        if (text == null) {
            throw new ValidationException("%s: no JSON given", what);
        }
        if (text.length() > MAX_USER_CHARS) {
            throw new ValidationException("%s: the document has %d characters; at most %d are read", what, text.length(),
                    MAX_USER_CHARS);
        }
        try (JsonParser parser = USER.createParser(text)) {
            try {
                return USER.readValue(parser, JsonNode.class);
            } catch (JsonProcessingException e) {
                throw new ValidationException("%s: not valid JSON %s", what, JsonPaths.describe(e, parser));
            }
        } catch (IOException e) {
            throw new ValidationException(e, "%s: cannot read the document: %s", what, e.getMessage());
        }
    }
}
