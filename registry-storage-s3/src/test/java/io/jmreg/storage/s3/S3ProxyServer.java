package io.jmreg.storage.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A real S3-compatible server for the tests: S3Proxy 4.x from its jar-with-dependencies (fetched by the build into
 * {@code target/s3proxy}), started as its own JVM process on 127.0.0.1 and a free port, storing into a directory.
 * On start it proves that the server honours {@code If-None-Match: *}, failing loudly when it does not.
 */
final class S3ProxyServer implements AutoCloseable {
    static final String BUCKET = "jmreg-test";
    static final String IDENTITY = "local-identity";
    static final String CREDENTIAL = "local-credential";
    private static S3ProxyServer shared;

    private final Path dir;
    private final int port;
    private Process process;

    private S3ProxyServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** One server per test JVM, stopped when the JVM exits. */
    static synchronized S3ProxyServer shared() throws Exception {
        if (shared == null) {
            Path dir = Files.createTempDirectory("s3proxy");
            shared = start(dir);
            S3ProxyServer s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                s.close();
                deleteTree(dir); // gigabytes of test objects must not pile up in /tmp run after run
            }));
        }
        return shared;
    }

    /** Starts a server storing under {@code dir} on a free port, with the test bucket created. */
    static S3ProxyServer start(Path dir) throws Exception {
        S3ProxyServer server = new S3ProxyServer(dir, freePort());
        server.launch();
        try (S3Client client = server.client()) {
            client.createBucket(b -> b.bucket(BUCKET));
            requireConditionalWrites(client, BUCKET);
        }
        return server;
    }

    void launch() throws Exception {
        Path jar = Path.of(System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("S3Proxy jar not found at " + jar + "; the Maven build fetches it "
                    + "(maven-dependency-plugin, phase generate-test-resources)");
        }
        Path data = Files.createDirectories(dir.resolve("data"));
        Path conf = dir.resolve("s3proxy.conf");
        Files.writeString(conf, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + IDENTITY,
                "s3proxy.credential=" + CREDENTIAL,
                "jclouds.provider=filesystem-nio2",
                "jclouds.filesystem.basedir=" + data) + "\n");
        Path log = dir.resolve("s3proxy-" + port + ".log");
        process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-DLOG_LEVEL=warn", "-jar", jar.toString(), "--properties", conf.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start: " + Files.readString(log));
                }
                Thread.sleep(100);
            }
        }
    }

    /** Kills the server process (SIGKILL), as a crash would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Starts it again on the same port and directory. */
    void restart() throws Exception {
        launch();
    }

    int port() {
        return port;
    }

    /** A store URI under a fresh prefix, pointing at {@code port} (this server's, or a proxy's in front of it). */
    String uri(String prefix, int viaPort) {
        return "s3://" + BUCKET + "/" + prefix + "?endpoint=http://127.0.0.1:" + viaPort + "&region=us-east-1"
                + "&access-key=" + IDENTITY + "&secret-key=" + CREDENTIAL;
    }

    /** A store URI under a fresh random prefix. */
    String freshUri() {
        return uri("t-" + UUID.randomUUID(), port);
    }

    S3Client client() {
        return S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + port)).region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    /** Fails loudly when the server ignores If-None-Match (S3Proxy 2.x does): the tests would prove nothing. */
    static void requireConditionalWrites(S3Client client, String bucket) {
        String key = "probe/" + UUID.randomUUID();
        client.putObject(b -> b.bucket(bucket).key(key).ifNoneMatch("*"), RequestBody.fromString("first"));
        try {
            client.putObject(b -> b.bucket(bucket).key(key).ifNoneMatch("*"), RequestBody.fromString("second"));
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                return;
            }
            throw new IllegalStateException("conditional-write probe got status " + e.statusCode(), e);
        }
        throw new IllegalStateException("this S3 server ignores If-None-Match: * (a second create-only PUT succeeded); "
                + "the registry's commit protocol needs it: use S3Proxy 4.x, MinIO, or AWS S3");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Deletes {@code dir} and everything under it, as far as possible (at JVM exit). */
    static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // best effort
        }
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
