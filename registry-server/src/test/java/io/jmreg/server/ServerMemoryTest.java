package io.jmreg.server;

import io.jmreg.api.Registration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many clients reading a cold large file (ranged reads fetch 4 MiB chunks, whole reads the file) leave the server's
 * native direct-buffer memory small: no per-thread buffer as large as a chunk.
 */
class ServerMemoryTest {
    @TempDir
    Path temp;
    private final TestServers servers = new TestServers();

    @AfterEach
    void stop() throws Exception {
        servers.closeAll();
    }

    private static long directBytes() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(p -> p.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }

    @Test
    void sixteenClientsReadingAColdLargeFilePinLittleDirectMemory() throws Exception {
        TestServers.Running running = servers.start(temp);
        byte[] big = new byte[5 * (4 << 20) + 1000];
        new Random(5).nextBytes(big);
        Path dir = Files.createDirectories(temp.resolve("art"));
        Files.write(dir.resolve("big.bin"), big);
        running.registry().registerModel(Registration.builder("big").version("1.0.0").artifacts(dir).build());
        HttpClient http = HttpClient.newHttpClient();
        long before = directBytes();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 16; c++) {
            int client = c;
            clients.add(new Thread(() -> {
                try {
                    for (int i = 0; i < 2; i++) {
                        long from = (long) ((client + i) % 5) * (4 << 20) + 17;
                        boolean whole = client == 0 && i == 1;
                        HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(running.server().uri()
                                + "/api/v1/models/big/versions/1.0.0/artifacts/big.bin"))
                                .header("Authorization", "Bearer " + TestServers.ALICE_TOKEN);
                        if (!whole) {
                            get.header("Range", "bytes=" + from + "-" + (from + 999_999));
                        }
                        HttpResponse<byte[]> r = http.send(get.build(), HttpResponse.BodyHandlers.ofByteArray());
                        assertThat(r.body()).isEqualTo(whole ? big : Arrays.copyOfRange(big, (int) from, (int) from + 1_000_000));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        clients.forEach(Thread::start);
        for (Thread t : clients) {
            t.join();
        }
        long grown = directBytes() - before;
        assertThat(failures).isEmpty();
        assertThat(grown).as("direct buffer memory retained after 32 reads on 16 threads (MiB)")
                .isLessThan(16L << 20);
    }
}
