package io.jmreg.interop;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The YAML PyYAML writes for MLmodel and meta.yaml files (shapes from MLflow's transformers and pyfunc flavors). */
class BlockYamlTest {
    @Test
    void nestedMappingsSequencesAtTheKeysIndentAndFoldedScalars() {
        Map<String, Object> y = BlockYaml.parse("""
                artifact_path: model
                flavors:
                  transformers:
                    components:
                    - tokenizer
                    - feature_extractor
                    framework: pt
                    instance_type: TextClassificationPipeline
                  python_function:
                    env:
                      conda: conda.yaml
                    loader_module: mlflow.transformers
                metadata:
                  tags:
                  - name: a
                    value: 'it''s'
                  - name: b
                    value: "tab\\there"
                signature:
                  inputs: '[{"type": "string", "required": true}]'
                  outputs: null
                  params: '[{"name": "top_k", "type": "long", "default": 1,
                    "shape": null}]'
                empty_map: {}
                empty_list: []
                """);
        assertThat(y).containsEntry("artifact_path", "model").containsEntry("empty_map", Map.of())
                .containsEntry("empty_list", List.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> t = (Map<String, Object>) ((Map<String, Object>) y.get("flavors")).get("transformers");
        assertThat(t).containsEntry("components", List.of("tokenizer", "feature_extractor")).containsEntry("framework", "pt");
        assertThat(y.get("metadata")).isEqualTo(Map.of("tags", List.of(Map.of("name", "a", "value", "it's"),
                Map.of("name", "b", "value", "tab\there"))));
        @SuppressWarnings("unchecked")
        Map<String, Object> sig = (Map<String, Object>) y.get("signature");
        assertThat(sig).containsEntry("outputs", null)
                .containsEntry("params", "[{\"name\": \"top_k\", \"type\": \"long\", \"default\": 1, \"shape\": null}]");
    }

    @Test
    void whatItDoesNotUnderstandIsRefusedNotGuessed() {
        assertThatThrownBy(() -> BlockYaml.parse("a: &anchor 1\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BlockYaml.parse("a: |\n  text\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BlockYaml.parse("a: 'open\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BlockYaml.parse("a: 1\na: 2\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate");
    }
}
