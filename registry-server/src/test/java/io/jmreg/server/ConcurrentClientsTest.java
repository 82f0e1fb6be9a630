package io.jmreg.server;

import io.jmreg.api.Bump;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.model.ModelVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** 64 clients at once on one model: reads, downloads, registrations and metric updates; no lost update, no error. */
class ConcurrentClientsTest {
    @TempDir
    Path temp;
    private final TestServers servers = new TestServers();

    @AfterEach
    void stop() throws Exception {
        servers.closeAll();
    }

    @Test
    void sixtyFourClientsMixingReadsDownloadsAndChangesLoseNothing() throws Exception {
        TestServers.Running running = servers.start(temp);
        Path dir = Files.createDirectories(temp.resolve("art"));
        byte[] weights = new byte[200_000];
        new Random(1).nextBytes(weights);
        Files.write(dir.resolve("weights.bin"), weights);
        running.registry().registerModel(Registration.builder("shared").version("1.0.0").artifacts(dir).build());
        List<ModelRegistry> clients = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            clients.add(TestServers.client(running.server().uri(), TestServers.ADMIN_TOKEN, temp.resolve("c" + i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(64);
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        Set<String> registered = ConcurrentHashMap.newKeySet();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 64; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                ModelRegistry r = clients.get(thread % clients.size());
                try {
                    for (int i = 0; i < 6; i++) {
                        switch ((thread + i) % 4) {
                            case 0 -> r.resolve("shared:1.0.0");
                            case 1 -> {
                                try (InputStream in = r.openArtifact("shared:1.0.0", "weights.bin", 1000, 5000)) {
                                    assertThat(in.readAllBytes()).hasSize(5000);
                                }
                            }
                            case 2 -> registered.add(r.registerModel(Registration.builder("shared").bump(Bump.PATCH)
                                    .metric("thread", thread).build()).version());
                            default -> r.updateMetrics("shared:1.0.0", Map.of("m" + thread + "_" + i, (double) i));
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(failures).isEmpty();
        ModelVersion shared = running.registry().resolve("shared:1.0.0");
        long updates = 0;
        for (int t = 0; t < 64; t++) {
            for (int i = 0; i < 6; i++) {
                if ((t + i) % 4 == 3) {
                    updates++;
                    assertThat(shared.metrics()).containsKey("m" + t + "_" + i);
                }
            }
        }
        assertThat(shared.metrics()).hasSize((int) updates);
        assertThat(registered).as("every concurrent bump got its own version").hasSize(96);
        assertThat(running.registry().listVersions("shared")).hasSize(97);
        for (ModelRegistry c : clients) {
            c.close();
        }
    }
}
