package io.jmreg.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.TransferOptions;
import io.jmreg.api.TransferProgress;
import io.jmreg.api.exceptions.ModelNotFoundException;
import io.jmreg.api.exceptions.ValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TransferOptions}: one argument carries a registration's or a pull's progress listener and a pull's target
 * directory; bad options are a {@link ValidationException} before anything moves, and the deprecated progress
 * overloads do what the options do.
 */
class TransferOptionsTest {
    @TempDir
    Path temp;

    /** The files a transfer reported done, in order. */
    static final class Done implements TransferProgress {
        final List<String> files = new CopyOnWriteArrayList<>();

        @Override
        public void started(int count, long bytes) {
        }

        @Override
        public void fileDone(String path, long bytes) {
            files.add(path);
        }
    }

    private ModelRegistry open() {
        return ModelRegistry.open(RegistryOptions.builder("mem:options-" + UUID.randomUUID())
                .cacheDirectory(temp.resolve("cache")).build());
    }

    private Path model() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("model"));
        Files.writeString(dir.resolve("weights.bin"), "w");
        Files.writeString(dir.resolve("config.json"), "{}");
        return dir;
    }

    @Test
    void registrationAndPullsTellTheOptionsProgressAndPlaceFilesInTheOptionsDirectory() throws Exception {
        try (ModelRegistry r = open()) {
            Done up = new Done();
            r.registerModel(Registration.builder("m").version("1.0.0").artifacts(model()).build(),
                    TransferOptions.progress(up));
            assertThat(up.files).containsExactlyInAnyOrder("weights.bin", "config.json");

            Done down = new Done();
            Path out = r.pull("m:1.0.0", TransferOptions.builder().directory(temp.resolve("out")).progress(down).build());
            assertThat(out).isEqualTo(temp.resolve("out"));
            assertThat(Files.readString(out.resolve("weights.bin"))).isEqualTo("w");
            assertThat(down.files).containsExactlyInAnyOrder("weights.bin", "config.json");

            Path cached = r.pull("m:1.0.0", TransferOptions.defaults());
            assertThat(cached).startsWith(temp.resolve("cache"));
            assertThat(Files.readString(cached.resolve("config.json"))).isEqualTo("{}");
        }
    }

    @Test
    @SuppressWarnings("deprecation")
    void theDeprecatedProgressOverloadsDoWhatTheOptionsDo() throws Exception {
        try (ModelRegistry r = open()) {
            Done up = new Done();
            r.registerModel(Registration.builder("m").version("1.0.0").artifacts(model()).build(), up);
            assertThat(up.files).hasSize(2);
            Done down = new Done();
            assertThat(r.pull("m:1.0.0", temp.resolve("old"), down)).isEqualTo(temp.resolve("old"));
            assertThat(down.files).hasSize(2);
            assertThat(r.pull("m:1.0.0", TransferProgress.NONE)).isEqualTo(r.pull("m:1.0.0"));
            assertThatThrownBy(() -> r.pull("m:1.0.0", (TransferProgress) null))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("progress");
        }
    }

    @Test
    void badOptionsAreRefusedBeforeAnythingIsWritten() throws Exception {
        assertThatThrownBy(() -> TransferOptions.builder().progress(null)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("TransferProgress.NONE");
        assertThatThrownBy(() -> TransferOptions.builder().directory(null)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("directory");
        assertThatThrownBy(() -> new TransferOptions(null, temp)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("progress");
        try (ModelRegistry r = open()) {
            Path files = model();
            assertThatThrownBy(() -> r.registerModel(Registration.builder("m").version("1.0.0").artifacts(files)
                    .build(), TransferOptions.builder().directory(temp.resolve("x")).build()))
                    .isInstanceOf(ValidationException.class).hasMessageContaining("is for pulls");
            assertThatThrownBy(() -> r.registerModel(Registration.builder("m").version("1.0.0").build(),
                    (TransferOptions) null)).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> r.getModel("m")).as("nothing registered").isInstanceOf(ModelNotFoundException.class);
            assertThat(r.listModels()).isEmpty();

            r.registerModel(Registration.builder("m").version("1.0.0").artifacts(files).build());
            assertThatThrownBy(() -> r.pull("m:1.0.0", (TransferOptions) null)).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("TransferOptions.defaults()");
            assertThatThrownBy(() -> r.pull("m:1.0.0", (Path) null)).isInstanceOf(ValidationException.class)
                    .hasMessageContaining("pull target directory must not be null");
            assertThat(temp.resolve("x")).doesNotExist();
        }
    }
}
