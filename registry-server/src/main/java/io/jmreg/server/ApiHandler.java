package io.jmreg.server;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.events.RegistryEvent;
import io.jmreg.api.events.Subscription;
import io.jmreg.server.ui.Forms;
import io.jmreg.server.ui.RefusedBodies;
import io.jmreg.server.ui.Sessions;
import io.jmreg.server.ui.WebUi;
import io.jmreg.wire.Requests;
import io.jmreg.wire.WireErrors;
import io.jmreg.wire.WireJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API: authenticates the bearer token, finds the route, runs it with the registry acting as the token's
 * principal (source address and client recorded in the audit trail), and turns every failure into a JSON error
 * with the right status, never a stack trace.
 */
final class ApiHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    static final String PREFIX = "/api/v1/";
    static final String OPENAPI = "/api/openapi.yaml";
    static final String OPENAPI_JSON = "/api/openapi.json";
    static final String METRICS = "/metrics";
    private final ServerOptions options;
    private final Router router;
    private final ThreadLocal<List<RegistryEvent>> events = new ThreadLocal<>();
    private final byte[] openApi;
    private final byte[] openApiJson;
    private final QueryParameters queryParameters;
    private final Sessions sessions;
    private final SignInGuard signIns;

    /** {@code sessions}: the web UI's, whose cookie authenticates reads (downloads from its pages); null without UI. */
    ApiHandler(ServerOptions options, Router router, byte[] openApi, Sessions sessions) {
        this.options = options;
        this.router = router;
        this.openApi = openApi;
        this.openApiJson = RegistryServer.openApiJson(openApi);
        this.queryParameters = new QueryParameters(openApi);
        this.sessions = sessions;
        this.signIns = new SignInGuard(options.registry(), options.maxSignInFailures(), options.signInWindow());
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        boolean metrics = options.metrics() != null && request.getHttpURI().getPath().equals(METRICS);
        if (!metrics && sessions != null && WebUi.serves(request.getHttpURI().getPath())) {
            return false; // the web UI's
        }
        List<RegistryEvent> heard = new ArrayList<>();
        events.set(heard);
        try {
            route(request, response, heard);
            callback.succeeded();
        } catch (Throwable t) {
            fail(request, response, callback, t);
        } finally {
            events.remove();
        }
        return true;
    }

    private void route(Request request, Response response, List<RegistryEvent> heard) throws Exception {
        String path = request.getHttpURI().getPath();
        if (path.equals(OPENAPI) || path.equals(OPENAPI_JSON)) {
            boolean yaml = path.equals(OPENAPI);
            byte[] document = yaml ? openApi : openApiJson;
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, yaml ? "application/yaml" : "application/json");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, document.length);
            try (OutputStream out = Content.Sink.asOutputStream(response)) {
                out.write(document);
            }
            return;
        }
        if (path.equals(METRICS) && options.metrics() != null) {
            metrics(request, response);
            return;
        }
        if (!path.startsWith(PREFIX)) {
            throw new HttpError(404, "not_found", "no such resource: %s (the API is under %s)", path, PREFIX);
        }
        List<String> segments = new ArrayList<>();
        for (String s : path.substring(1).split("/", -1)) {
            segments.add(decode(s));
        }
        Set<String> allowed = new TreeSet<>();
        Optional<Router.Match> match = router.find(request.getMethod(), segments, allowed);
        if (match.isEmpty()) {
            if (!allowed.isEmpty()) {
                response.getHeaders().put(HttpHeader.ALLOW, String.join(", ", allowed));
                throw new HttpError(405, "method_not_allowed", "%s is not allowed on %s (allowed: %s)", request.getMethod(),
                        path, String.join(", ", allowed));
            }
            throw new HttpError(404, "not_found", "no such resource: %s", path);
        }
        Tokens.Holder holder = authenticate(request, response);
        Map<String, List<String>> query = query(request);
        queryParameters.check(match.get().route(), query);
        if (request.getLength() > options.maxUploadBytes()) { // no route takes more: refused before it is sent
            throw new HttpError(413, "payload_too_large", "a request body may have at most %d bytes, this one declares %d",
                    options.maxUploadBytes(), request.getLength());
        }
        String principal = holder.principal();
        String actAs = request.getHeaders().get("Jmreg-Act-As");
        if (actAs != null && !actAs.equals(principal)) {
            if (!holder.impersonate()) {
                throw new HttpError(403, "forbidden", "the token of '%s' may not act for other principals", principal);
            }
            principal = actAs;
        }
        request.setAttribute(AccessLog.PRINCIPAL, principal);
        Map<String, String> audit = new LinkedHashMap<>();
        audit.put("source", Request.getRemoteAddr(request));
        String agent = request.getHeaders().get(HttpHeader.USER_AGENT);
        audit.put("client", agent == null ? "unknown" : agent.length() > 200 ? agent.substring(0, 200) : agent);
        if (actAs != null && !actAs.equals(holder.principal())) {
            audit.put("on_behalf_of_token", holder.principal());
        }
        ModelRegistry registry = options.registry().as(principal, audit);
        Exchange x = new Exchange(request, response, registry, principal, match.get().params(), query,
                options.maxJsonBytes(), heard);
        if (request.getMethod().equals("GET") || request.getMethod().equals("HEAD")) {
            match.get().route().action().handle(x);
            return;
        }
        // the request's own changes (listeners run on the committing thread), as its principal may read them: a
        // listener of the server's own registry would filter them by the server's principal
        Subscription own = registry.addListener(e -> {
            if (events.get() == heard) {
                heard.add(e);
            }
        });
        try {
            match.get().route().action().handle(x);
        } finally {
            own.close();
        }
    }

    /** Prometheus text of the registry's metrics, to a token holder unless configured public. */
    private void metrics(Request request, Response response) throws IOException {
        if (!options.metricsPublic()) {
            authenticate(request, response);
        }
        if (!request.getMethod().equals("GET")) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET");
            throw new HttpError(405, "method_not_allowed", "%s is not allowed on %s (allowed: GET)", request.getMethod(),
                    METRICS);
        }
        byte[] text = options.metrics().get().getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, text.length);
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            out.write(text);
        }
    }

    /** Whether the client waits for {@code 100 Continue} before sending its body. */
    static boolean expectsContinue(Request request) {
        String expect = request.getHeaders().get(HttpHeader.EXPECT);
        return expect != null && expect.equalsIgnoreCase("100-continue");
    }

    /**
     * The holder of the request's bearer token (or of its signed-in browser session, for reads). A bad token is a
     * failed sign-in: audited and counted against the source address, which is refused (429) once over its limit.
     */
    private Tokens.Holder authenticate(Request request, Response response) {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        boolean read = request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
        if (header == null && read && sessions != null) {
            Optional<Sessions.Session> session = sessions.of(request);
            if (session.isPresent()) { // a signed-in browser (SameSite=Strict cookie); never for changes
                return new Tokens.Holder(session.get().principal(), false);
            }
        }
        String source = Request.getRemoteAddr(request);
        String agent = request.getHeaders().get(HttpHeader.USER_AGENT);
        String client = agent == null ? "unknown" : agent.length() > 200 ? agent.substring(0, 200) : agent;
        signIns.check(source, client, response);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            if (header != null) {
                signIns.failed(source, client, "not_bearer");
            }
            throw new HttpError(401, WireErrors.UNAUTHENTICATED,
                    "a bearer token is required (Authorization: Bearer <token>)");
        }
        String token = header.substring(7).strip();
        Optional<Tokens.Holder> holder = options.tokens().holder(token);
        if (holder.isEmpty()) {
            String reason = options.tokens().refusal(token);
            signIns.failed(source, client, reason == null ? "unknown" : reason);
            throw new HttpError(401, WireErrors.UNAUTHENTICATED, "expired".equals(reason)
                    ? "the bearer token has expired" : "the bearer token is not valid");
        }
        return holder.get();
    }

    private static String decode(String segment) {
        try {
            return Forms.segment(segment);
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "bad_request", "malformed percent-encoding in the path");
        }
    }

    private static Map<String, List<String>> query(Request request) {
        try {
            return Forms.parse(request.getHttpURI().getQuery());
        } catch (IllegalArgumentException e) {
            throw new HttpError(400, "bad_request", "malformed percent-encoding in the query");
        }
    }

    /**
     * Whether {@code t} is a connection the client closed, reset or stopped reading until the idle timeout: Jetty's
     * {@code EofException}, a closed channel, or a timeout while writing.
     */
    static boolean clientGone(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof EofException || c instanceof ClosedChannelException
                    || c instanceof TimeoutException) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.toString();
    }

    private void fail(Request request, Response response, Callback callback, Throwable t) {
        int status;
        Requests.Error body;
        Throwable cause = t instanceof UncheckedIOException u ? u.getCause() : t;
        if (cause instanceof IOException io && io.getCause() instanceof HttpError h) {
            cause = h;
        }
        if (cause instanceof HttpError h) {
            status = h.status();
            body = WireErrors.error(status, h.code(), h.getMessage());
            if (status == 401) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"jmreg\"");
            }
        } else if (cause instanceof RuntimeException r) {
            status = WireErrors.status(r);
            body = WireErrors.body(r);
            if (status >= 500) {
                LOG.warn("{} {} failed: {}", request.getMethod(), request.getHttpURI().getPath(), r.toString(), r);
            }
        } else if (clientGone(t)) { // the client disconnected or stopped reading: not a server failure
            LOG.debug("{} {}: the client went away ({})", request.getMethod(), request.getHttpURI().getPath(),
                    rootMessage(t));
            callback.failed(t);
            return;
        } else {
            LOG.warn("{} {} failed", request.getMethod(), request.getHttpURI().getPath(), cause);
            status = 500;
            body = WireErrors.error("internal", "internal error; the server log has the details");
        }
        if (response.isCommitted()) {
            callback.failed(t); // the status line is gone: abort the connection so the client sees a broken body
            return;
        }
        if (!expectsContinue(request)) {
            RefusedBodies.drain(request); // reading it would answer 100 Continue to a body already refused
        }
        try {
            String contentRange = response.getHeaders().get(HttpHeader.CONTENT_RANGE);
            String allow = response.getHeaders().get(HttpHeader.ALLOW);
            String retryAfter = response.getHeaders().get(HttpHeader.RETRY_AFTER);
            response.reset();
            if (contentRange != null && status == 416) {
                response.getHeaders().put(HttpHeader.CONTENT_RANGE, contentRange);
            }
            if (allow != null && status == 405) {
                response.getHeaders().put(HttpHeader.ALLOW, allow);
            }
            if (retryAfter != null && status == 429) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, retryAfter);
            }
            if (status == 401) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"jmreg\"");
            }
            byte[] bytes = WireJson.write(body);
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
            response.write(true, ByteBuffer.wrap(bytes), callback);
        } catch (Throwable again) {
            callback.failed(again);
        }
    }
}
