package io.jmreg.storage.local;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A second process reading through a pull cache shared with the test. {@code race STORE CACHE GO FILES THREADS}:
 * for each file {@code f<k>} (bytes of {@code new Random(k)}), waits for {@code GO/go-k}, then reads ranges (and one
 * reader the whole file) on several threads, printing {@code FAIL ...} for any exception or wrong byte and
 * {@code done k}. {@code full STORE CACHE OUT}: pulls {@code m:1.0.0} and opens {@code big.bin} ranged and whole,
 * printing each outcome ({@code OK} or the exception's class and message).
 */
public final class CacheReaderMain {
    private CacheReaderMain() {
    }

    public static void main(String[] args) throws Exception {
        try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder(args[1]).principal("reader")
                .cacheDirectory(Path.of(args[2])).build())) {
            if (args[0].equals("full")) {
                outcome("pull", () -> registry.pull("m:1.0.0", Path.of(args[3])));
                outcome("ranged", () -> {
                    try (InputStream in = registry.openArtifact("m:1.0.0", "big.bin", 10, 100)) {
                        return in.readAllBytes().length;
                    }
                });
                outcome("whole", () -> {
                    try (InputStream in = registry.openArtifact("m:1.0.0", "big.bin")) {
                        return in.readAllBytes().length;
                    }
                });
                return;
            }
            int files = Integer.parseInt(args[4]);
            int threads = Integer.parseInt(args[5]);
            for (int k = 0; k < files; k++) {
                Path go = Path.of(args[3]).resolve("go-" + k);
                while (!Files.exists(go)) {
                    Thread.sleep(5);
                }
                byte[] expected = bytes(k);
                List<Thread> running = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    Thread thread = new Thread(readers(registry, "f" + k + ".bin", expected, 1000 + k * 100 + t, t == 0,
                            failure -> {
                                System.out.println("FAIL " + failure);
                                System.out.flush();
                            }));
                    thread.start();
                    running.add(thread);
                }
                for (Thread t : running) {
                    t.join();
                }
                System.out.println("done " + k);
                System.out.flush();
            }
        }
    }

    /** The content of file {@code f<k>.bin}. */
    static byte[] bytes(int k) {
        byte[] b = new byte[5 * (4 << 20) + 77_777];
        new Random(k).nextBytes(b);
        return b;
    }

    /** Reads ranges of {@code path} (and, with {@code whole}, the whole file once) checking every byte. */
    static Runnable readers(ModelRegistry registry, String path, byte[] expected, long seed, boolean whole,
                            Consumer<String> failed) {
        return () -> {
            Random random = new Random(seed);
            for (int i = 0; i < 3; i++) {
                try {
                    if (whole && i == 1) {
                        try (InputStream in = registry.openArtifact("m:1.0.0", path)) {
                            if (!Arrays.equals(in.readAllBytes(), expected)) {
                                failed.accept("wrong bytes reading the whole of " + path);
                            }
                        }
                        continue;
                    }
                    int offset = random.nextInt(expected.length - (6 << 20));
                    int length = (4 << 20) + random.nextInt(1 << 20);
                    try (InputStream in = registry.openArtifact("m:1.0.0", path, offset, length)) {
                        ByteArrayOutputStream out = new ByteArrayOutputStream();
                        byte[] buffer = new byte[256 * 1024];
                        for (int n; (n = in.read(buffer)) > 0; ) {
                            out.write(buffer, 0, n);
                            Thread.sleep(2);
                        }
                        if (!Arrays.equals(out.toByteArray(), Arrays.copyOfRange(expected, offset, offset + length))) {
                            failed.accept("wrong bytes at " + offset + " of " + path);
                        }
                    }
                } catch (Throwable e) {
                    failed.accept(e.toString());
                }
            }
        };
    }

    private interface Op {
        Object run() throws Exception;
    }

    private static void outcome(String name, Op op) {
        try {
            op.run();
            System.out.println(name + " OK");
        } catch (Throwable e) {
            System.out.println(name + " " + e.getClass().getName() + ": " + e.getMessage());
        }
        System.out.flush();
    }
}
