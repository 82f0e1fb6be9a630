package io.jmreg.cli;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.observe.OperationObserver;
import io.jmreg.micrometer.RegistryMetrics;
import io.jmreg.server.RegistryServer;
import io.jmreg.server.ServerOptions;
import io.jmreg.server.Tokens;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Serving the registry over HTTP, and tokens for it. */
final class ServerCommands {
    private ServerCommands() {
    }

    @Command(name = "serve", description = "Serve the registry over HTTP (REST API under /api/v1, bearer tokens) until "
            + "interrupted; Ctrl-C stops gracefully.")
    static final class Serve extends Base {
        @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (0.0.0.0: every interface)")
        String host;

        @Option(names = "--port", defaultValue = "8080", description = "port (0: any free port)")
        int port;

        @Option(names = "--tokens", required = true, paramLabel = "FILE",
                description = "token file: lines '<principal> sha256:<hex> [impersonate]' (jmreg token makes them)")
        Path tokens;

        @Option(names = "--upload-dir", paramLabel = "DIR", description = "where uploads wait for their registration "
                + "(default: beside a file: store, STORE.uploads, so that uploads become blobs without a copy; else the "
                + "temporary directory)")
        Path uploads;

        @Option(names = "--max-upload", defaultValue = "1099511627776", paramLabel = "BYTES",
                description = "largest upload of one registration (default 1 TiB)")
        long maxUpload;

        @Option(names = "--no-ui", description = "serve the API only, without the web UI at /")
        boolean noUi;

        @Option(names = "--tls-cert", paramLabel = "FILE", description = "serve HTTPS with this PEM certificate chain "
                + "(server certificate first; needs --tls-key)")
        Path tlsCert;

        @Option(names = "--tls-key", paramLabel = "FILE", description = "the certificate's unencrypted PKCS#8 PEM private "
                + "key (-----BEGIN PRIVATE KEY-----)")
        Path tlsKey;

        @Option(names = "--trusted-proxy", paramLabel = "ADDR", description = "a proxy (IP address or CIDR block, "
                + "repeatable) whose Forwarded / X-Forwarded-For / X-Forwarded-Proto headers name the client")
        List<String> trustedProxies = new ArrayList<>();

        @Option(names = "--no-access-log", description = "no access log line per request on standard error")
        boolean noAccessLog;

        @Option(names = "--shared-secret-file", paramLabel = "FILE", description = "a file of at least 32 bytes (e.g. "
                + "'openssl rand -hex 32'), the same for every server of this store behind one address: web sessions "
                + "and page tokens from one server are then valid on the others")
        Path sharedSecret;

        @Option(names = "--metrics", description = "serve Prometheus metrics of every registry operation at /metrics "
                + "(to holders of a token)")
        boolean metrics;

        @Option(names = "--metrics-public", description = "with --metrics: /metrics without a token (for a scraper "
                + "inside a trusted network)")
        boolean metricsPublic;

        private PrometheusMeterRegistry prometheus;

        @Override
        OperationObserver observer() {
            if (!metrics && !metricsPublic) {
                return null;
            }
            prometheus = new PrometheusMeterRegistry(
                    PrometheusConfig.DEFAULT);
            return new RegistryMetrics(prometheus);
        }

        @Override
        int run(ModelRegistry r) throws Exception {
            if (!Files.isRegularFile(tokens)) {
                throw new ValidationException("token file %s does not exist (make one with: jmreg token PRINCIPAL)", tokens);
            }
            Tokens t = Tokens.load(tokens);
            if (t.size() == 0) {
                throw new ValidationException("token file %s holds no token: nobody could call the server", tokens);
            }
            if ((tlsCert == null) != (tlsKey == null)) {
                throw new ValidationException("--tls-cert and --tls-key go together");
            }
            ServerOptions.Builder options = ServerOptions.builder(r, t).host(host).port(port).maxUploadBytes(maxUpload)
                    .webUi(!noUi).trustedProxies(trustedProxies);
            if (tlsCert != null) {
                options.tls(tlsCert, tlsKey);
            }
            if (sharedSecret != null) {
                options.sharedSecret(OptionValues.bytes("--shared-secret-file", sharedSecret));
            }
            if (prometheus != null) {
                options.metrics(prometheus::scrape, metricsPublic);
            }
            if (!noAccessLog) { // read by slf4j-simple when the server creates its access logger
                System.setProperty("org.slf4j.simpleLogger.log.io.jmreg.server.access", "info");
            }
            if (uploads != null) {
                options.uploadDirectory(uploads);
            } else if (r.uri().startsWith("file:")) {
                Path store = Path.of(r.uri().substring(r.uri().startsWith("file://") ? 7 : 5)).toAbsolutePath().normalize();
                options.uploadDirectory(store.resolveSibling(store.getFileName() + ".uploads"));
            }
            CountDownLatch stopped = new CountDownLatch(1);
            RegistryServer server = RegistryServer.start(options.build());
            try {
                Thread hook = new Thread(() -> {
                    server.close();
                    stopped.countDown();
                }, "jmreg-serve-stop");
                Runtime.getRuntime().addShutdownHook(hook);
                err().printf("serving %s at %s (%d tokens)%s%s; Ctrl-C stops%n", r.uri(), server.uri(), t.size(),
                        noUi ? "" : ", web UI at " + server.uri() + "/",
                        prometheus == null ? "" : ", metrics at " + server.uri() + "/metrics");
                err().flush();
                if (json()) {
                    printJson(Map.of("uri", server.uri(), "registry", r.uri()));
                }
                server.join();
                stopped.await();
            } finally {
                server.close();
            }
            return 0;
        }
    }

    @Command(name = "token", description = "Make a new bearer token for a principal: prints the token (give it to the "
            + "client) and the line to add to the server's token file (only the hash is kept there).")
    static final class Token implements Callable<Integer> {
        @Parameters(paramLabel = "PRINCIPAL")
        String principal;

        @Option(names = "--impersonate", description = "the holder may act for other principals (a trusted front end)")
        boolean impersonate;

        @Option(names = "--append", paramLabel = "FILE", description = "append the line to this token file")
        Path file;

        @Option(names = "--expires", paramLabel = "WHEN", description = "the token is refused after this: an instant "
                + "(2027-01-31T00:00:00Z) or a duration from now (30d, 12h, PT1H)")
        String expires;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (principal.isBlank() || principal.chars().anyMatch(c -> c <= ' ')) {
                throw new ValidationException("principal must be non-empty without spaces, got '%s'", principal);
            }
            String token = Tokens.generate();
            String line = Tokens.line(principal, token, impersonate);
            if (expires != null) {
                Instant until;
                try {
                    until = Instant.parse(expires);
                } catch (DateTimeParseException notInstant) {
                    until = Instant.now().plus(Settings.Durations.parse(expires, "--expires"))
                            .truncatedTo(ChronoUnit.SECONDS);
                }
                if (!until.isAfter(Instant.now())) {
                    throw new ValidationException("--expires %s is not in the future: the token would never be valid",
                            expires);
                }
                line = line + " expires=" + until;
            }
            if (file != null) {
                Files.writeString(file, line + System.lineSeparator(), StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            var out = spec.commandLine().getOut();
            JmregCommand root = (JmregCommand) spec.root().userObject();
            if (root.json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("principal", principal);
                doc.put("token", token);
                doc.put("token_file_line", line);
                if (file != null) {
                    doc.put("appended_to", file.toString());
                }
                out.println(JsonOutput.write(doc));
            } else if (root.quiet) {
                out.println(token);
            } else {
                out.println("token: " + token);
                out.println(file == null ? "token file line: " + line : "added to " + file + ": " + line);
            }
            out.flush();
            return 0;
        }
    }
}
