package io.jmreg.core.formats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.jmreg.api.model.Architecture;
import io.jmreg.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON configurations that sit next to weights: a Hugging Face {@code config.json} (architecture, sizes,
 * vocabulary, context length) and a PEFT {@code adapter_config.json} (method, rank, alpha, dropout, target modules,
 * base model). Files over 1 MiB or not JSON objects are not described.
 */
final class ModelConfigs {
    private static final long MAX_CONFIG = 1 << 20;

    private ModelConfigs() {
    }

    static FormatInfo huggingFaceConfig(Path file) throws IOException {
        JsonNode c = read(file);
        if (c == null || !(c.has("architectures") || c.has("model_type"))) {
            return FormatInfo.UNKNOWN; // some other config.json
        }
        String name = c.path("architectures").isArray() && c.path("architectures").size() > 0
                ? c.path("architectures").get(0).asText() : c.path("model_type").asText(null);
        Architecture architecture = new Architecture(name, integer(c, "num_hidden_layers", "n_layer", "num_layers"),
                integer(c, "hidden_size", "n_embd", "d_model"), integer(c, "num_attention_heads", "n_head", "num_heads"),
                integer(c, "vocab_size"), integer(c, "max_position_embeddings", "n_positions", "max_seq_len", "seq_length"));
        Map<String, String> metadata = new TreeMap<>();
        for (String key : List.of("model_type", "torch_dtype", "transformers_version")) {
            if (c.path(key).isTextual()) {
                metadata.put("hf." + key, c.path(key).asText());
            }
        }
        return new FormatInfo("hf-config", false, null, null, List.of(), metadata, architecture, FormatInfo.Declared.NONE);
    }

    static FormatInfo peftAdapterConfig(Path file) throws IOException {
        JsonNode c = read(file);
        if (c == null || !c.path("peft_type").isTextual()) {
            return FormatInfo.UNKNOWN;
        }
        Map<String, Object> method = new TreeMap<>();
        copyNumber(c, "r", method);
        copyNumber(c, "lora_alpha", method);
        copyNumber(c, "lora_dropout", method);
        if (c.path("target_modules").isArray()) {
            List<String> modules = new ArrayList<>();
            c.path("target_modules").forEach(m -> modules.add(m.asText()));
            method.put("target_modules", modules);
        } else if (c.path("target_modules").isTextual()) {
            method.put("target_modules", c.path("target_modules").asText());
        }
        if (c.path("task_type").isTextual()) {
            method.put("task_type", c.path("task_type").asText());
        }
        String base = c.path("base_model_name_or_path").isTextual() ? c.path("base_model_name_or_path").asText() : null;
        Map<String, String> metadata = new TreeMap<>();
        metadata.put("peft.peft_type", c.path("peft_type").asText());
        return new FormatInfo("peft-adapter", false, null, null, List.of(), metadata, null, new FormatInfo.Declared(null,
                null, base, c.path("peft_type").asText(), method));
    }

    private static JsonNode read(Path file) throws IOException {
        if (Files.size(file) > MAX_CONFIG) {
            return null;
        }
        try {
            JsonNode n = Json.mapper().readTree(Files.readAllBytes(file));
            return n != null && n.isObject() ? n : null;
        } catch (JsonProcessingException notJson) {
            return null;
        }
    }

    private static Integer integer(JsonNode c, String... keys) {
        for (String k : keys) {
            JsonNode v = c.path(k);
            if (v.canConvertToInt() && v.asInt() >= 0) {
                return v.asInt();
            }
        }
        return null;
    }

    private static void copyNumber(JsonNode c, String key, Map<String, Object> into) {
        if (c.path(key).isNumber()) {
            into.put(key, c.path(key).numberValue());
        }
    }
}
