package io.jmreg.core;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.TransferOptions;
import io.jmreg.api.TransferProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TransferProgress#bytes}: a registration and a pull report the bytes of each file as they move, many times
 * for a large file and before its {@code fileDone}, adding up to its size.
 */
class TransferBytesTest {
    @TempDir
    Path temp;

    /** Records every call. */
    static final class Recorder implements TransferProgress {
        final Map<String, Long> bytes = new ConcurrentHashMap<>();
        final Map<String, Integer> calls = new ConcurrentHashMap<>();
        final Map<String, Long> bytesAtDone = new ConcurrentHashMap<>();
        final List<String> done = new CopyOnWriteArrayList<>();

        @Override
        public void started(int files, long total) {
        }

        @Override
        public void bytes(String path, long n) {
            assertThat(done).as("bytes of %s after it was done", path).doesNotContain(path);
            bytes.merge(path, n, Long::sum);
            calls.merge(path, 1, Integer::sum);
        }

        @Override
        public void fileDone(String path, long size) {
            bytesAtDone.put(path, bytes.getOrDefault(path, 0L));
            done.add(path);
        }
    }

    @Test
    void registrationAndPullReportBytesWithinFiles() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("model"));
        byte[] large = new byte[24 << 20];
        new Random(1).nextBytes(large);
        Files.write(dir.resolve("weights.bin"), large);
        Files.writeString(dir.resolve("config.json"), "{\"layers\": 2}");
        try (ModelRegistry r = ModelRegistry.open(RegistryOptions.builder("mem:bytes-test")
                .cacheDirectory(temp.resolve("cache")).build())) {
            Recorder up = new Recorder();
            r.registerModel(Registration.builder("m").version("1.0.0").artifacts(dir).build(), TransferOptions.progress(up));
            assertThat(up.bytesAtDone).containsEntry("weights.bin", (long) large.length).containsEntry("config.json", 13L);
            assertThat(up.calls.get("weights.bin")).as("reported while the file moved").isGreaterThan(4);

            Recorder down = new Recorder();
            r.pull("m:1.0.0", TransferOptions.builder().directory(temp.resolve("out")).progress(down).build());
            assertThat(down.bytesAtDone).containsEntry("weights.bin", (long) large.length);
            assertThat(down.calls.get("weights.bin")).isGreaterThan(4);
            assertThat(Files.mismatch(temp.resolve("out").resolve("weights.bin"), dir.resolve("weights.bin"))).isEqualTo(-1);
        }
    }
}
