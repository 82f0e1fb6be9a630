package io.jmreg.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.exceptions.OperationNotAllowedException;
import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.api.webhooks.DeliverySettings;
import io.jmreg.server.hf.HfHandler;
import io.jmreg.server.oci.OciHandler;
import io.jmreg.server.ui.Sessions;
import io.jmreg.server.ui.WebUi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The registry served over HTTP: the REST API under {@code /api/v1}, the OCI Distribution API under {@code /v2/},
 * the Hugging Face hub's read endpoints under {@code /hf/} and, unless turned off, the web UI at {@code /}.
 * {@code RegistryServer.start(options)} binds and serves at once; {@link #close()}
 * stops gracefully: new connections are refused and requests in flight may finish within the stop timeout. The
 * registry itself stays open (its owner closes it).
 */
public final class RegistryServer implements AutoCloseable {
    /** The most Jetty keeps in its pool of direct (network I/O) buffers and of heap buffers. */
    private static final long MAX_POOLED_DIRECT = 16L << 20;
    private static final long MAX_POOLED_HEAP = 16L << 20;
    private final Server server;
    private final ServerConnector connector;
    private final Router router;
    private final Uploads uploads;
    private final int port;
    private final boolean secure;
    private volatile AutoCloseable webhookDelivery;

    private RegistryServer(Server server, ServerConnector connector, Router router, Uploads uploads, boolean secure) {
        this.secure = secure;
        this.server = server;
        this.connector = connector;
        this.router = router;
        this.uploads = uploads;
        this.port = connector.getLocalPort();
    }

    /** Starts serving {@code options.registry()}. */
    public static RegistryServer start(ServerOptions options) {
        try {
            Uploads uploads = new Uploads(options.uploadDirectory(), options.maxUploadBytes(), options.uploadExpiry(),
                    options.maxPendingUploads());
            Router router = routes(options, uploads);
            QueuedThreadPool threads = new QueuedThreadPool(200, 8);
            threads.setName("jmreg-http");
            // a bounded buffer pool: Jetty's default retains up to an eighth of the heap and of direct memory
            Server server = new Server(threads, null, new ArrayByteBufferPool(0, -1, -1, -1,
                    MAX_POOLED_HEAP, MAX_POOLED_DIRECT));
            server.setErrorHandler(new JsonErrorHandler()); // Jetty's own refusals as JSON errors too
            HttpConfiguration http = new HttpConfiguration();
            http.setSendServerVersion(false);
            // model names may contain '/': sent encoded (%2F) inside one path segment, or as two segments (Router)
            http.setUriCompliance(UriCompliance.DEFAULT.with("jmreg", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
                    UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING));
            ServerConnector connector = options.tlsCert() == null
                    ? new ServerConnector(server, new HttpConnectionFactory(http))
                    : new ServerConnector(server, new SslConnectionFactory(tls(options), "http/1.1"),
                            new HttpConnectionFactory(httpsConfiguration(http)));
            connector.setHost(options.host());
            connector.setPort(options.port());
            connector.setIdleTimeout(options.idleTimeout().toMillis());
            server.addConnector(connector);
            Handler front;
            if (options.webUi()) {
                Sessions sessions = new Sessions(options.sharedSecret());
                WebUi ui = new WebUi(options.registry(), token -> options.tokens().holder(token).map(Tokens.Holder::principal),
                        sessions);
                front = new Handler.Sequence(new ApiHandler(options, router, openApi(), sessions), ui);
            } else {
                front = new ApiHandler(options, router, openApi(), null);
            }
            // the OCI Distribution API under /v2/ (its own package), ahead of the API and the web UI
            front = new Handler.Sequence(new OciHandler(options.registry(), options.tokens(),
                    options.uploadDirectory().resolveSibling(options.uploadDirectory().getFileName() + "-oci"),
                    options.maxUploadBytes()), front);
            front = new Handler.Sequence(new HfHandler(options.registry(), options.tokens()), front); // /hf/
            front = new ForwardedClient(new TrustedProxies(options.trustedProxies()), front);
            server.setHandler(new GracefulHandler(front));
            server.setRequestLog(new AccessLog());
            server.setStopTimeout(options.stopTimeout().toMillis());
            server.setStopAtShutdown(false);
            server.start();
            uploads.startSweeping();
            RegistryServer started = new RegistryServer(server, connector, router, uploads,
                    options.tlsCert() != null);
            started.webhookDelivery = webhookDelivery(options.registry());
            return started;
        } catch (Exception e) {
            throw new RegistryException(e, "cannot start the registry server on %s:%d: %s", options.host(), options.port(),
                    e.getMessage());
        }
    }

    /** Jetty's TLS settings: the PEM certificate chain and key as an in-memory key store. */
    private static SslContextFactory.Server tls(ServerOptions options) {
        char[] password = UUID.randomUUID().toString().toCharArray();
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(PemKeyStore.load(options.tlsCert(), options.tlsKey(), password));
        ssl.setKeyStorePassword(new String(password));
        return ssl;
    }

    /** {@code http} plus the request customizer that marks requests secure and keeps the TLS session details. */
    private static HttpConfiguration httpsConfiguration(HttpConfiguration http) {
        HttpConfiguration https = new HttpConfiguration(http);
        https.setSecureScheme("https");
        https.addCustomizer(new SecureRequestCustomizer());
        return https;
    }

    /** Delivers the store's webhooks while serving (none for a registry that does not manage webhooks). */
    private static AutoCloseable webhookDelivery(ModelRegistry registry) {
        try {
            return registry.webhooks().startDelivery(DeliverySettings.defaults());
        } catch (OperationNotAllowedException e) {
            return () -> { };
        }
    }

    static Router routes(ServerOptions options) throws IOException {
        return routes(options, new Uploads(options.uploadDirectory(), options.maxUploadBytes(), options.uploadExpiry(),
                    options.maxPendingUploads()));
    }

    private static Router routes(ServerOptions options, Uploads uploads) {
        Router router = new Router();
        PageTokens pages = new PageTokens(options.sharedSecret());
        new ModelRoutes(uploads, pages).register(router);
        new ArtifactRoutes().register(router);
        new LifecycleRoutes(pages).register(router);
        new DiscoveryRoutes().register(router);
        new GovernanceRoutes(options.maxJsonBytes(), pages).register(router);
        new WebhookRoutes().register(router);
        return router;
    }

    static byte[] openApi() throws IOException {
        try (InputStream in = RegistryServer.class.getResourceAsStream("openapi.yaml")) {
            if (in == null) {
                throw new IOException("openapi.yaml is missing from the server's resources");
            }
            return in.readAllBytes();
        }
    }

    /** The OpenAPI document {@code yaml} as JSON (served at {@code /api/openapi.json}). */
    static byte[] openApiJson(byte[] yaml) {
        try {
            Object tree = new YAMLMapper().readValue(yaml, Object.class);
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException("the server's openapi.yaml is not valid YAML: " + e.getMessage(), e);
        }
    }

    /** The port bound (useful with port 0). */
    public int port() {
        return port;
    }

    /** The base URI clients open, such as {@code http://127.0.0.1:8080} ({@code https://} with TLS). */
    public String uri() {
        String host = connector.getHost() == null || connector.getHost().equals("0.0.0.0") ? "127.0.0.1" : connector.getHost();
        return (secure ? "https://" : "http://") + host + ":" + port();
    }

    /** The routes served, as {@code METHOD /path/{param}} (for tests comparing them with the OpenAPI document). */
    List<String> routeSignatures() {
        return List.copyOf(router.signatures());
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops gracefully (requests in flight may finish within the stop timeout). */
    @Override
    public void close() {
        uploads.close();
        try {
            AutoCloseable delivery = webhookDelivery;
            if (delivery != null) {
                delivery.close();
            }
            server.stop();
        } catch (Exception e) {
            throw new RegistryException(e, "stopping the registry server failed: %s", e.getMessage());
        }
    }
}
