package io.jmreg.interop;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one Jackson configuration of the importers, for hub and MLflow responses, OCI bundles, seed catalogs and their
 * own state files: unknown fields ignored (services and bundles add them), but a duplicate key, content after the
 * document or nesting deeper than 200 levels is an error, never a silent "last one wins".
 */
final class InteropJson {
    private static final ObjectMapper MAPPER = builder().build();

    private InteropJson() {
    }

    /** A builder with the strict reading configured, for a mapper that also names or leaves out fields its own way. */
    static JsonMapper.Builder builder() {
        return JsonMapper.builder(JsonFactory.builder()
                        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build())
                        .build())
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** The shared strict mapper. */
    static ObjectMapper mapper() {
        return MAPPER;
    }
}
