package io.jmreg.benchmarks;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.server.RegistryServer;
import io.jmreg.server.ServerOptions;
import io.jmreg.server.Tokens;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.resource.ResourceFactory;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.jmreg.benchmarks.BenchSupport.deleteTree;
import static io.jmreg.benchmarks.BenchSupport.median;
import static io.jmreg.benchmarks.BenchSupport.seconds;
import static io.jmreg.benchmarks.BenchSupport.writeArtifact;

/**
 * {@code skopeo copy} of a version from jmreg's OCI API ({@code /v2/}, signed in with a token) against
 * {@code skopeo copy} of the same OCI layout (the same manifest and blobs, pulled once from jmreg) from a plain Jetty:
 * the blobs from the layout's directory by Jetty's static {@link ResourceHandler}, {@code /v2/} and the manifest by
 * a handler answering fixed bytes. Both into a fresh {@code oci:} directory, alternating order, median of the runs.
 * Arguments: work directory, artifact size in MiB, runs (default {@code target/oci-bench 1024 3}). Needs
 * {@code /usr/bin/skopeo}.
 */
public final class OciBenchmark {
    private static final String TOKEN = "jmr_benchmark-token";

    private OciBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "target/oci-bench").toAbsolutePath();
        long mib = args.length > 1 ? Long.parseLong(args[1]) : 1024;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        if (!Files.isExecutable(Path.of("/usr/bin/skopeo"))) {
            System.out.println("skopeo is not installed (Debian package skopeo): nothing to measure");
            return;
        }
        deleteTree(work);
        Files.createDirectories(work);
        Path file = work.resolve("weights.bin");
        writeArtifact(file, mib);
        try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder("file:" + work.resolve("store"))
                .principal("server").cacheDirectory(work.resolve("server-cache")).build());
             RegistryServer server = RegistryServer.start(ServerOptions.builder(registry,
                     Tokens.of(Map.of(TOKEN, "bench"))).port(0).uploadDirectory(work.resolve("uploads")).build())) {
            registry.registerModel(Registration.builder("large").version("1.0.0").artifacts(file).build());
            String jmreg = "docker://127.0.0.1:" + server.port() + "/large:1.0.0";
            Path layout = work.resolve("layout");
            skopeo(work, "copy", "--src-tls-verify=false", "--src-creds", "bench:" + TOKEN, jmreg, "oci:" + layout
                    + ":1.0.0"); // the baseline's layout; also warms the server's verified cache
            Server plain = staticRegistry(layout);
            try {
                String baseline = "docker://127.0.0.1:" + ((ServerConnector) plain.getConnectors()[0]).getLocalPort()
                        + "/large:1.0.0";
                System.out.printf("OCI pull benchmark: skopeo copy of a %d MiB version into an oci: layout, %d runs, "
                        + "%d cores%n", mib, runs, Runtime.getRuntime().availableProcessors());
                double[] ours = new double[runs];
                double[] theirs = new double[runs];
                for (int i = 0; i < runs; i++) {
                    if (i % 2 == 0) {
                        theirs[i] = copy(work, baseline, List.of());
                        ours[i] = copy(work, jmreg, List.of("--src-creds", "bench:" + TOKEN));
                    } else {
                        ours[i] = copy(work, jmreg, List.of("--src-creds", "bench:" + TOKEN));
                        theirs[i] = copy(work, baseline, List.of());
                    }
                }
                System.out.printf("skopeo copy %d MiB: jmreg /v2/ %.2f s, static OCI layout on Jetty %.2f s -> %.2fx "
                        + "(target >= 0.8x)%n", mib, median(ours), median(theirs), median(theirs) / median(ours));
            } finally {
                plain.stop();
            }
        }
        deleteTree(work);
    }

    private static double copy(Path work, String source, List<String> creds) throws Exception {
        Path target = work.resolve("copy");
        deleteTree(target);
        settle();
        List<String> args = new ArrayList<>(List.of("copy", "--src-tls-verify=false"));
        args.addAll(creds);
        args.addAll(List.of(source, "oci:" + target + ":1.0.0"));
        long t0 = System.nanoTime();
        skopeo(work, args.toArray(String[]::new));
        double s = seconds(t0);
        deleteTree(target);
        return s;
    }

    private static void skopeo(Path work, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("skopeo", "--insecure-policy", "--tmpdir", work.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("REGISTRY_AUTH_FILE", work.resolve("auth.json").toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("skopeo " + String.join(" ", args) + " failed: " + out);
        }
    }

    /** Flushes dirty pages, so that one run's writeback does not slow the next. */
    private static void settle() throws Exception {
        new ProcessBuilder("sync").inheritIO().start().waitFor();
    }

    /**
     * A static registry over an OCI layout: {@code /v2/} and the tag's manifest answered with fixed bytes, every
     * {@code /v2/<name>/blobs/sha256:<hex>} served from {@code blobs/sha256/<hex>} by Jetty's ResourceHandler.
     */
    private static Server staticRegistry(Path layout) throws Exception {
        String index = Files.readString(layout.resolve("index.json"));
        int at = index.indexOf("sha256:") + 7;
        byte[] manifest = Files.readAllBytes(layout.resolve("blobs/sha256/" + index.substring(at, at + 64)));
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ResourceHandler blobs = new ResourceHandler();
        blobs.setBaseResource(ResourceFactory.of(server).newResource(layout.resolve("blobs/sha256")));
        blobs.setDirAllowed(false);
        server.setHandler(new Handler.Wrapper(blobs) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String path = request.getHttpURI().getPath();
                int blob = path.indexOf("/blobs/sha256:");
                if (blob > 0) {
                    HttpURI uri = HttpURI.build(request.getHttpURI()).path("/" + path.substring(blob + 14));
                    return super.handle(new Request.Wrapper(request) {
                        @Override
                        public HttpURI getHttpURI() {
                            return uri;
                        }
                    }, response, callback);
                }
                byte[] body = path.contains("/manifests/") ? manifest : "{}".getBytes();
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, path.contains("/manifests/")
                        ? "application/vnd.oci.image.manifest.v1+json" : "application/json");
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
                response.write(true, ByteBuffer.wrap(body), callback);
                return true;
            }
        });
        server.start();
        return server;
    }
}
