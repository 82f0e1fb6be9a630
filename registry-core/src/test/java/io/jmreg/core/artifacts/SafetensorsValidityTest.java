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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detection reads content, not names (SPEC 11.7): a pickle named {@code .safetensors} is unsafe, safetensors under
 * any name are recognised, and a safetensors file is described only when it passes the rules of the format's
 * reference library (header length within the file, the header a JSON object of known dtypes, offsets contiguous from
 * 0 to exactly the end of the data, dtype size times shape equal to each span); otherwise it is flagged
 * {@code safetensors-invalid} and describes nothing. Files built by hand from the format's documentation: an
 * 8-byte little-endian header length, the JSON header, the data.
 */
class SafetensorsValidityTest {
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

    private static byte[] file(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).put(h)
                .array();
    }

    private static final String VALID = "{\"__metadata__\":{\"format\":\"pt\"},"
            + "\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
            + "\"b\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[24,30]}}    ";

    private ModelVersion register(String name, byte[] content) throws IOException {
        Path dir = Files.createDirectories(temp.resolve("a-" + name + "-" + content.length + "-" + Arrays.hashCode(content)));
        Files.write(dir.resolve(name), content);
        return registry.registerModel(Registration.builder("fmt").bump(Bump.PATCH).artifacts(dir).build());
    }

    private ArtifactFile fileOf(String name, byte[] content) throws IOException {
        return register(name, content).artifacts().files().get(0);
    }

    @Test
    void aPickleOrATorchZipNamedSafetensorsIsUnsafe() throws Exception {
        assertThat(fileOf("weights.safetensors", new byte[] {(byte) 0x80, 4, (byte) 0x95, 0, 0, 0, 0, 0, 0, 0, '.'}))
                .extracting(ArtifactFile::format, ArtifactFile::unsafe).containsExactly("pickle", true);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("archive/data.pkl"));
            z.write(new byte[] {(byte) 0x80, 2});
            z.closeEntry();
        }
        assertThat(fileOf("model.safetensors", zip.toByteArray()))
                .extracting(ArtifactFile::format, ArtifactFile::unsafe).containsExactly("pytorch-pickle", true);
    }

    @Test
    void validSafetensorsAreDescribedUnderAnyName() throws Exception {
        ModelVersion v = register("weights.bin", file(VALID, 30));
        assertThat(v.artifacts().files().get(0).format()).isEqualTo("safetensors");
        assertThat(v.modelInfo().totalParameters()).isEqualTo(9);
        assertThat(v.modelInfo().dtypes()).containsExactly("BF16", "F32");
        ModelVersion empty = register("empty.safetensors", file("{}", 0));
        assertThat(empty.artifacts().files().get(0).format()).isEqualTo("safetensors");
    }

    @Test
    void aTruncatedFileIsInvalidAndDescribesNothing() throws Exception {
        byte[] whole = file(VALID, 30);
        ModelVersion cut = register("model.safetensors", Arrays.copyOf(whole, whole.length - 10));
        assertThat(cut.artifacts().files().get(0)).extracting(ArtifactFile::format, ArtifactFile::unsafe)
                .containsExactly("safetensors-invalid", false);
        assertThat(cut.modelInfo().totalParameters()).isNull();
        assertThat(cut.modelInfo().tensorCount()).isNull();
        ModelVersion headerCut = register("model.safetensors", Arrays.copyOf(whole, 40));
        assertThat(headerCut.artifacts().files().get(0).format()).isEqualTo("safetensors-invalid");
    }

    @Test
    void absurdParameterCountsInATinyFileAreInvalid() throws Exception {
        byte[] tiny = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1000000,1000000],\"data_offsets\":[0,4000000000000]}}", 32);
        assertThat(tiny.length).isLessThan(200);
        ModelVersion v = register("huge.safetensors", tiny);
        assertThat(v.artifacts().files().get(0).format()).isEqualTo("safetensors-invalid");
        assertThat(v.modelInfo().totalParameters()).isNull();
    }

    @Test
    void offsetsDtypesAndSpansMustAgree() throws Exception {
        String gap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        String overlap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        String wrongSpan = "{\"a\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,4]}}";
        String unknownDtype = "{\"a\":{\"dtype\":\"F12\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        String trailingData = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        String negative = "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}";
        String notAnObject = "[1, 2, 3]";
        assertThat(fileOf("gap.safetensors", file(gap, 12)).format()).isEqualTo("safetensors-invalid");
        assertThat(fileOf("overlap.safetensors", file(overlap, 8)).format()).isEqualTo("safetensors-invalid");
        assertThat(fileOf("span.safetensors", file(wrongSpan, 4)).format()).isEqualTo("safetensors-invalid");
        assertThat(fileOf("dtype.safetensors", file(unknownDtype, 4)).format()).isEqualTo("safetensors-invalid");
        assertThat(fileOf("trailing.safetensors", file(trailingData, 8)).format()).isEqualTo("safetensors-invalid");
        assertThat(fileOf("negative.safetensors", file(negative, 4)).format()).isEqualTo("safetensors-invalid");
        assertThat(fileOf("array.safetensors", file(notAnObject, 0)).format()).isEqualTo("safetensors-invalid");
        assertThat(fileOf("ok.safetensors", file(trailingData, 4)).format()).isEqualTo("safetensors");
    }
}
