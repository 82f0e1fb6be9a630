package io.jmreg.core.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.Bump;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.ModelVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Safetensors and GGUF headers fill model_info; pickle and Java serialization are flagged unsafe (SPEC 4.7). */
class FormatDetectionTest {
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

    static byte[] safetensors() {
        String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
                + "\"b\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[24,30]},"
                + "\"__metadata__\":{\"format\":\"pt\"}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(8 + h.length + 30).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(h.length).put(h);
        return buf.array();
    }

    /** A small GGUF v3 file: llama architecture, 3-token vocabulary, two tensors. */
    static byte[] gguf() {
        ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        b.put("GGUF".getBytes(StandardCharsets.US_ASCII)).putInt(3).putLong(2).putLong(4);
        str(b, "general.architecture");
        b.putInt(8);
        str(b, "llama");
        str(b, "llama.block_count");
        b.putInt(4).putInt(32);
        str(b, "llama.context_length");
        b.putInt(4).putInt(4096);
        str(b, "tokenizer.ggml.tokens");
        b.putInt(9).putInt(8).putLong(3);
        str(b, "a");
        str(b, "b");
        str(b, "c");
        str(b, "tok");
        b.putInt(2).putLong(4).putLong(3).putInt(1).putLong(0);
        str(b, "out");
        b.putInt(1).putLong(5).putInt(0).putLong(64);
        b.put(new byte[128]);
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    private static void str(ByteBuffer b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.putLong(bytes.length).put(bytes);
    }

    private ModelVersion registerFile(String name, byte[] content) throws IOException {
        Path dir = Files.createDirectories(temp.resolve("a-" + name));
        Files.write(dir.resolve(name), content);
        return registry.registerModel(Registration.builder("fmt").bump(Bump.PATCH).artifacts(dir).build());
    }

    @Test
    void safetensorsHeaderFillsModelInfo() throws Exception {
        ModelVersion v = registerFile("model.safetensors", safetensors());
        assertThat(v.modelInfo().tensorCount()).isEqualTo(2);
        assertThat(v.modelInfo().totalParameters()).isEqualTo(9);
        assertThat(v.modelInfo().dtypes()).containsExactly("F16", "F32");
        assertThat(v.modelInfo().framework()).isEqualTo("safetensors");
        assertThat(v.modelInfo().formatMetadata()).containsEntry("format", "pt");
        ArtifactFile f = v.artifacts().files().get(0);
        assertThat(f.format()).isEqualTo("safetensors");
        assertThat(f.unsafe()).isFalse();
    }

    @Test
    void ggufHeaderFillsModelInfoAndArchitecture() throws Exception {
        ModelVersion v = registerFile("model.gguf", gguf());
        assertThat(v.modelInfo().tensorCount()).isEqualTo(2);
        assertThat(v.modelInfo().totalParameters()).isEqualTo(17);
        assertThat(v.modelInfo().dtypes()).containsExactly("F16", "F32");
        assertThat(v.modelInfo().architecture().name()).isEqualTo("llama");
        assertThat(v.modelInfo().architecture().layers()).isEqualTo(32);
        assertThat(v.modelInfo().architecture().contextLength()).isEqualTo(4096);
        assertThat(v.modelInfo().architecture().vocabSize()).isEqualTo(3);
        assertThat(v.modelInfo().formatMetadata()).containsEntry("general.architecture", "llama");
        assertThat(v.artifacts().files().get(0).format()).isEqualTo("gguf");
    }

    @Test
    void ggufVocabularySizeIsReadFromTheArchitectureKey() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
        b.put("GGUF".getBytes(StandardCharsets.US_ASCII)).putInt(3).putLong(1).putLong(2);
        str(b, "general.architecture");
        b.putInt(8);
        str(b, "qwen2");
        str(b, "qwen2.vocab_size");
        b.putInt(4).putInt(151_936);
        str(b, "w");
        b.putInt(1).putLong(4).putInt(0).putLong(0);
        b.put(new byte[16]);
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        ModelVersion v = registerFile("qwen.gguf", out);
        assertThat(v.modelInfo().architecture().name()).isEqualTo("qwen2");
        assertThat(v.modelInfo().architecture().vocabSize()).isEqualTo(151_936);
    }

    @Test
    void picklesAndJavaSerializationAreFlaggedUnsafe() throws Exception {
        assertThat(registerFile("model.pkl", new byte[] {(byte) 0x80, 4, (byte) 0x95, 0, 0, 0}).artifacts().files().get(0))
                .extracting(ArtifactFile::format, ArtifactFile::unsafe).containsExactly("pickle", true);
        ByteArrayOutputStream ser = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(ser)) {
            out.writeObject(new ArrayList<>(List.of("x")));
        }
        assertThat(registerFile("model.ser", ser.toByteArray()).artifacts().files().get(0))
                .extracting(ArtifactFile::format, ArtifactFile::unsafe).containsExactly("java-serialization", true);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("archive/data.pkl"));
            z.write(new byte[] {(byte) 0x80, 2});
            z.closeEntry();
        }
        assertThat(registerFile("model.pt", zip.toByteArray()).artifacts().files().get(0))
                .extracting(ArtifactFile::format, ArtifactFile::unsafe).containsExactly("pytorch-pickle", true);
        assertThat(registerFile("weights.safetensors", safetensors()).artifacts().files().get(0).unsafe()).isFalse();
    }

    @Test
    void hostileHeadersAreIgnoredNotFatal() throws Exception {
        ByteBuffer huge = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE - 1).putLong(0);
        ModelVersion v = registerFile("bad.safetensors", huge.array());
        assertThat(v.modelInfo().tensorCount()).isNull();
        ByteBuffer g = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        g.put("GGUF".getBytes(StandardCharsets.US_ASCII)).putInt(3).putLong(1L << 40).putLong(1L << 40);
        assertThat(registerFile("bad.gguf", g.array()).artifacts().files().get(0).format()).isEqualTo("gguf");
        byte[] truncated = Arrays.copyOf(gguf(), 60);
        assertThat(registerFile("short.gguf", truncated).modelInfo().tensorCount()).isNull();
    }
}
