package io.jmreg.core.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.Kind;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.search.SearchRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX (read by the registry's own protobuf reader), Hugging Face and PEFT configurations, TensorFlow and Keras files
 * describe a version at registration; hostile or truncated files register undescribed, never exhausting memory.
 */
class ModelFormatsTest {
    @TempDir
    Path temp;
    ModelRegistry registry;

    @BeforeEach
    void open() {
        registry = ModelRegistry.open(RegistryOptions.builder("mem:").cacheDirectory(temp.resolve("cache")).build());
    }

    @AfterEach
    void close() {
        registry.close();
    }

    /** A protobuf message under construction. */
    static final class Proto {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            tag(field, 0);
            raw(value);
            return this;
        }

        Proto bytes(int field, byte[] value) {
            tag(field, 2);
            raw(value.length);
            out.writeBytes(value);
            return this;
        }

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto message(int field, Proto value) {
            return bytes(field, value.out.toByteArray());
        }

        Proto declaredLength(int field, long length) {
            tag(field, 2);
            raw(length);
            return this;
        }

        private void tag(int field, int wire) {
            raw(((long) field << 3) | wire);
        }

        private void raw(long v) {
            while ((v & ~0x7fL) != 0) {
                out.write((int) ((v & 0x7f) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        byte[] toBytes() {
            return out.toByteArray();
        }
    }

    private static Proto tensor(int elemType, Object... dims) {
        Proto shape = new Proto();
        for (Object d : dims) {
            shape.message(1, d instanceof String s ? new Proto().string(2, s) : new Proto().varint(1, ((Number) d).longValue()));
        }
        return new Proto().message(1, new Proto().varint(1, elemType).message(2, shape));
    }

    static byte[] onnxModel() {
        Proto graph = new Proto()
                .message(1, new Proto().string(1, "Gemm_0").string(4, "Gemm")) // a node: skipped
                .string(2, "main")
                .bytes(5, new byte[1 << 20]) // an initializer of 1 MiB: the weights, skipped by seeking
                .message(11, new Proto().string(1, "input").message(2, tensor(1, "batch", 3, 224, 224)))
                .message(11, new Proto().string(1, "mask").message(2, tensor(9, "batch", 224)))
                .message(12, new Proto().string(1, "logits").message(2, tensor(1, "batch", 1000)));
        return new Proto().varint(1, 8).string(2, "pytorch").string(3, "2.1.0")
                .message(8, new Proto().string(1, "").varint(2, 17))
                .message(8, new Proto().string(1, "com.microsoft").varint(2, 1))
                .message(7, graph).toBytes();
    }

    @Test
    void anOnnxModelDeclaresItsSchemaOpsetsAndProducer() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("onnx"));
        Files.write(dir.resolve("model.onnx"), onnxModel());
        ModelVersion v = registry.registerModel(Registration.builder("resnet").version("1.0.0").artifacts(dir).build());
        assertThat(v.artifacts().file("model.onnx").map(ArtifactFile::format)).contains("onnx");
        assertThat(v.modelInfo().framework()).isEqualTo("onnx");
        assertThat(v.modelInfo().inputSchema()).isEqualTo("input: float32[batch,3,224,224]; mask: bool[batch,224]");
        assertThat(v.modelInfo().outputSchema()).isEqualTo("logits: float32[batch,1000]");
        assertThat(v.modelInfo().formatMetadata()).containsEntry("onnx.ir_version", "8")
                .containsEntry("onnx.opset.ai.onnx", "17").containsEntry("onnx.opset.com.microsoft", "1")
                .containsEntry("onnx.producer", "pytorch 2.1.0");
    }

    @Test
    void hostileAndTruncatedOnnxFilesRegisterUndescribed() throws Exception {
        byte[] good = onnxModel();
        Path dir = Files.createDirectories(temp.resolve("hostile"));
        Files.write(dir.resolve("huge-length.onnx"), new Proto().varint(1, 8).declaredLength(7, 1L << 40).toBytes());
        Files.write(dir.resolve("truncated.onnx"), Arrays.copyOf(good, good.length / 2));
        Files.write(dir.resolve("long-varint.onnx"), new byte[] {8, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1});
        Proto deep = new Proto().string(1, "x");
        for (int i = 0; i < 2000; i++) { // nested sequence types: skipped whole, never recursed into
            deep = new Proto().message(4, new Proto().message(1, deep));
        }
        Files.write(dir.resolve("deep.onnx"), new Proto().varint(1, 8).message(7, new Proto()
                .message(11, new Proto().string(1, "seq").message(2, deep))).toBytes());
        Files.write(dir.resolve("huge-string.onnx"), new Proto().varint(1, 8).string(2, "p".repeat(200_000)).toBytes());
        Files.write(dir.resolve("not-protobuf.onnx"), "hello, I am text".getBytes(StandardCharsets.UTF_8));
        ModelVersion v = registry.registerModel(Registration.builder("hostile").version("1.0.0").artifacts(dir).build());
        assertThat(v.artifacts().files()).hasSize(6);
        assertThat(v.artifacts().file("deep.onnx").map(ArtifactFile::format)).contains("onnx");
        assertThat(v.modelInfo().inputSchema()).isEqualTo("seq: ?");
        for (String name : new String[] {"huge-length.onnx", "truncated.onnx", "long-varint.onnx", "huge-string.onnx",
                "not-protobuf.onnx"}) {
            assertThat(v.artifacts().file(name).orElseThrow().format()).as(name).isNull();
        }
    }

    @Test
    void aPeftAdapterWithItsTransformersConfigRegistersAsAnAdapter() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("lora"));
        Files.writeString(dir.resolve("adapter_config.json"), "{\"peft_type\": \"LORA\", \"r\": 8, \"lora_alpha\": 16,"
                + " \"lora_dropout\": 0.05, \"target_modules\": [\"q_proj\", \"v_proj\"], \"task_type\": \"CAUSAL_LM\","
                + " \"base_model_name_or_path\": \"meta-llama/Llama-3.1-8B\"}");
        Files.writeString(dir.resolve("config.json"), "{\"architectures\": [\"LlamaForCausalLM\"], \"model_type\": "
                + "\"llama\", \"hidden_size\": 4096, \"num_hidden_layers\": 32, \"num_attention_heads\": 32, "
                + "\"vocab_size\": 128256, \"max_position_embeddings\": 131072}");
        Files.write(dir.resolve("adapter_model.safetensors"), FormatDetectionTest.safetensors());
        ModelVersion v = registry.registerModel(Registration.builder("support-lora").version("0.1.0").artifacts(dir).build());
        assertThat(v.kind()).isEqualTo(Kind.ADAPTER);
        assertThat(v.modelInfo().baseModel()).isEqualTo("meta-llama/Llama-3.1-8B");
        assertThat(v.modelInfo().fineTuningMethod()).isEqualTo("LORA");
        assertThat(v.modelInfo().architecture().name()).isEqualTo("LlamaForCausalLM");
        assertThat(v.modelInfo().architecture().layers()).isEqualTo(32);
        assertThat(v.modelInfo().architecture().hiddenSize()).isEqualTo(4096);
        assertThat(v.modelInfo().architecture().heads()).isEqualTo(32);
        assertThat(v.modelInfo().architecture().vocabSize()).isEqualTo(128256);
        assertThat(v.modelInfo().architecture().contextLength()).isEqualTo(131072);
        assertThat(v.modelInfo().tensorCount()).isEqualTo(2); // the safetensors weights still counted
        assertThat(v.trainingInfo().methodConfig()).containsEntry("r", 8).containsEntry("lora_alpha", 16)
                .containsEntry("target_modules", List.of("q_proj", "v_proj"));
        assertThat(v.artifacts().file("config.json").map(ArtifactFile::format)).contains("hf-config");
        assertThat(v.artifacts().file("adapter_config.json").map(ArtifactFile::format)).contains("peft-adapter");
        assertThat(registry.search().versions(SearchRequest.of(
                "kind:adapter AND method:LORA AND base_model:meta-llama*")).items()).hasSize(1);

        ModelVersion asModel = registry.registerModel(Registration.builder("merged").version("1.0.0").kind(Kind.MODEL)
                .artifacts(dir).build());
        assertThat(asModel.kind()).as("an explicit kind wins").isEqualTo(Kind.MODEL);
    }

    @Test
    void tensorflowKerasAndJoblibAreRecognisedAndHostileConfigsIgnored() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("tf"));
        Files.write(dir.resolve("saved_model.pb"), new byte[] {8, 1});
        Files.write(dir.resolve("model.h5"), new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n', 0});
        Files.write(dir.resolve("pipeline.joblib"), new byte[] {1, 2, 3});
        Files.writeString(dir.resolve("config.json"), "[".repeat(100_000)); // nested far past the JSON reader's limit
        Path sub = Files.createDirectories(dir.resolve("other"));
        Files.writeString(sub.resolve("config.json"), "{\"learning_rate\": 0.1}"); // not a transformers config
        ModelVersion v = registry.registerModel(Registration.builder("tf").version("1.0.0").artifacts(dir).build());
        assertThat(v.artifacts().file("saved_model.pb").map(ArtifactFile::format)).contains("tensorflow-savedmodel");
        assertThat(v.artifacts().file("model.h5").map(ArtifactFile::format)).contains("keras-h5");
        assertThat(v.artifacts().file("pipeline.joblib").orElseThrow().unsafe()).isTrue();
        assertThat(v.artifacts().file("config.json").orElseThrow().format()).isNull();
        assertThat(v.artifacts().file("other/config.json").orElseThrow().format()).isNull();
        assertThat(v.kind()).isEqualTo(Kind.MODEL);
    }
}
