package io.jmreg.storage.s3;

import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Ceph RADOS Gateway 16 (Debian's {@code radosgw}), the most deployed on-premises S3 server, as a second real S3
 * server for the tests: one monitor, one memstore OSD and RGW on 127.0.0.1 started by {@code src/test/rgw/rgw-cluster.sh}
 * and stopped when the test JVM exits. Where Ceph is not installed the RGW tests are skipped with a message, except
 * on CI ({@code CI=true}) or with {@code -Drgw.required=true}, where that is a failure: {@code .ci/run} installs it.
 */
final class RgwServer {
    static final String BUCKET = "jmreg-rgw";
    static final String ACCESS = "jmreg-access";
    static final String SECRET = "jmreg-secret";
    private static RgwServer shared;
    private static String unavailable;

    private final Path dir;
    private final int port;

    private RgwServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** The one cluster of this test JVM; skips the test (or fails on CI) when Ceph is not installed. */
    static synchronized RgwServer shared() throws Exception {
        if (shared == null && unavailable == null) {
            if (!onPath("radosgw") || !onPath("ceph-mon") || !onPath("ceph-osd")) {
                unavailable = "Ceph RGW is not installed (apt-get install ceph-mon ceph-osd radosgw ceph-common)";
            } else {
                shared = start();
                RgwServer s = shared;
                Runtime.getRuntime().addShutdownHook(new Thread(s::stop));
            }
        }
        if (shared == null) {
            boolean required = "true".equals(System.getenv("CI")) || Boolean.getBoolean("rgw.required");
            if (required) {
                throw new IllegalStateException(unavailable + "; required on CI");
            }
            Assumptions.assumeTrue(false, unavailable + ": RGW tests skipped");
        }
        return shared;
    }

    private static boolean onPath(String command) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, command))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/bin", command));
    }

    /**
     * Starts a cluster; a start that fails (ports taken meanwhile; on a loaded machine the OSD sometimes registers
     * before it knows the cluster's fsid and is refused) is tried again, three times in all.
     */
    private static RgwServer start() throws Exception {
        IllegalStateException failed = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                return startOnce();
            } catch (IllegalStateException e) {
                if (failed != null) {
                    e.addSuppressed(failed);
                }
                failed = e;
                Thread.sleep(2000L * attempt);
            }
        }
        throw failed;
    }

    private static RgwServer startOnce() throws Exception {
        Path dir = Files.createTempDirectory("rgw");
        RgwServer server = new RgwServer(dir.resolve("cluster"), S3ProxyServer.freePort());
        int monPort = S3ProxyServer.freePort();
        while (monPort == server.port) {
            monPort = S3ProxyServer.freePort();
        }
        Path log = dir.resolve("start.log");
        Process p = new ProcessBuilder(List.of("bash", script().toString(), "start", server.dir.toString(),
                String.valueOf(monPort), String.valueOf(server.port)))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = p.waitFor(5, TimeUnit.MINUTES);
        if (!finished || p.exitValue() != 0 || !Files.readString(log).contains("started")) {
            p.destroyForcibly();
            IllegalStateException failed = new IllegalStateException("Ceph RGW did not start (exit "
                    + (finished ? p.exitValue() : "timeout") + "):\n" + Files.readString(log)
                    + daemonLogs(server.dir.resolve("log")));
            server.stop();
            throw failed;
        }
        try (S3Client client = server.client()) {
            client.createBucket(b -> b.bucket(BUCKET));
            S3ProxyServer.requireConditionalWrites(client, BUCKET);
        }
        return server;
    }

    /** The last lines of every daemon log, for a start that failed. */
    private static String daemonLogs(Path logs) {
        StringBuilder b = new StringBuilder();
        try (var files = Files.list(logs)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                List<String> lines = Files.readAllLines(f);
                b.append("\n--- ").append(f.getFileName()).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
            }
        } catch (Exception e) {
            b.append("\n(no daemon logs: ").append(e).append(')');
        }
        return b.toString();
    }

    private static Path script() {
        Path relative = Path.of("src/test/rgw/rgw-cluster.sh");
        return Files.isRegularFile(relative) ? relative : Path.of("registry-storage-s3").resolve(relative);
    }

    /** A store URI under a fresh random prefix. */
    String freshUri() {
        return "s3://" + BUCKET + "/t-" + UUID.randomUUID() + "?endpoint=http://127.0.0.1:" + port + "&region=us-east-1"
                + "&access-key=" + ACCESS + "&secret-key=" + SECRET;
    }

    S3Client client() {
        return S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + port)).region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS, SECRET)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    void stop() {
        try {
            new ProcessBuilder(List.of("bash", script().toString(), "stop", dir.toString())).inheritIO().start()
                    .waitFor(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // best effort at JVM exit
        }
        S3ProxyServer.deleteTree(dir.getParent()); // the cluster's temporary directory, logs included
    }
}
