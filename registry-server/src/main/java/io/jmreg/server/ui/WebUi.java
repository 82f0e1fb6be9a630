package io.jmreg.server.ui;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.access.Permission;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.ErrorKind;
import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.wire.WireErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web UI: pages rendered on the server from precompiled JTE templates, readable without JavaScript. A browser
 * signs in with a token and gets a session cookie; every page runs through the registry as the session's principal
 * (so the access policy and the audit trail see the person), and every form carries the session's CSRF token.
 */
public final class WebUi extends Handler.Abstract {
    /** Request attribute: the principal a request ran as (a session's, or a token's), for the server's access log. */
    public static final String PRINCIPAL_ATTRIBUTE = "io.jmreg.server.principal";
    private static final Logger LOG = LoggerFactory.getLogger(WebUi.class);
    private static final int MAX_FORM_BYTES = 64 * 1024;
    private static final String STARTED = "jmreg.ui.started";
    private static final String SIGNIN_COOKIE = "jmreg_signin";
    private static final String SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            + "script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private final ModelRegistry registry;
    private final Function<String, Optional<String>> tokens;
    private final Sessions sessions;
    private final TemplateEngine templates;
    private final ModelPages modelPages = new ModelPages();
    private final ReviewPages reviewPages = new ReviewPages();
    private final Actions actions = new Actions();
    private final WebhookPages webhookPages = new WebhookPages();

    /**
     * The UI over {@code registry}; {@code tokens} maps a token to its principal, {@code sessions} holds the signed-in
     * browsers (the API shares them for downloads).
     */
    public WebUi(ModelRegistry registry, Function<String, Optional<String>> tokens, Sessions sessions) {
        this.registry = registry;
        this.tokens = tokens;
        this.sessions = sessions;
        this.templates = TemplateEngine.createPrecompiled(null, ContentType.Html, WebUi.class.getClassLoader(),
                "io.jmreg.server.ui.templates");
    }

    /** True for the paths the UI serves (everything outside {@code /api/}). */
    public static boolean serves(String path) {
        return !path.startsWith("/api/");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        request.setAttribute(STARTED, System.nanoTime());
        Sessions.Session session = null;
        try {
            String path = request.getHttpURI().getPath();
            if (path.startsWith("/static/")) {
                serveStatic(path.substring("/static/".length()), request, response, callback);
                return true;
            }
            List<String> segments = segments(path);
            Map<String, List<String>> query = decoded(() -> Forms.parse(request.getHttpURI().getQuery()));
            String method = request.getMethod();
            if (segments.equals(List.of("signin"))) {
                send(request, response, callback, method.equals("POST") ? signIn(request, response)
                        : signInPage(request, response, Forms.first(query, "next"), null));
                return true;
            }
            session = sessions.of(request).orElse(null);
            if (session != null) {
                request.setAttribute(PRINCIPAL_ATTRIBUTE, session.principal()); // the access log names the person
            }
            if (session == null) {
                if (method.equals("GET") || method.equals("HEAD")) {
                    String target = request.getHttpURI().getPathQuery();
                    send(request, response, callback, Reply.redirect("/signin?next="
                            + URLEncoder.encode(target, StandardCharsets.UTF_8)));
                } else {
                    throw new UiProblem(401, "Signed out", "Your session has ended; sign in again.");
                }
                return true;
            }
            Map<String, List<String>> form = Map.of();
            if (method.equals("POST")) {
                form = readForm(request);
                if (!Sessions.same(session.csrf(), Forms.first(form, "csrf"))) {
                    throw new UiProblem(403, "Forbidden", "The form is stale or came from another site "
                            + "(its CSRF token does not match this session). Reload the page and try again.");
                }
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD, POST");
                throw new UiProblem(405, "Method not allowed", method + " is not used by the web UI.");
            }
            Map<String, String> audit = new LinkedHashMap<>();
            audit.put("source", Request.getRemoteAddr(request));
            String agent = request.getHeaders().get(HttpHeader.USER_AGENT);
            audit.put("client", agent == null ? "unknown" : agent.length() > 200 ? agent.substring(0, 200) : agent);
            audit.put("via", "web-ui");
            Visit visit = new Visit(request, session, registry.as(session.principal(), audit), segments, query, form);
            send(request, response, callback, route(method, visit, response));
        } catch (Throwable t) {
            fail(request, response, callback, session, t);
        }
        return true;
    }

    /**
     * The UI's path with a namespaced model name given as two segments ({@code /models/org/name/...}) joined into
     * one, as an encoded {@code org%2Fname} gives it; other paths unchanged. The UI's model paths have one meaning
     * each by their length (a model page is {@code models/NAME}, a version page {@code models/NAME/versions/V},
     * a version action {@code models/NAME/versions/V/ACTION}, a model action {@code models/NAME/ACTION}).
     */
    static List<String> namespaced(List<String> s, boolean get) {
        if (s.size() < 3 || !s.get(0).equals("models") || s.get(1).contains("/") || s.get(1).isEmpty()
                || s.get(2).isEmpty()) {
            return s;
        }
        boolean joins = get ? s.size() == 3 || (s.size() == 5 && s.get(3).equals("versions"))
                : s.size() == 4 || (s.size() == 6 && s.get(3).equals("versions"));
        if (!joins) {
            return s;
        }
        List<String> out = new ArrayList<>();
        out.add("models");
        out.add(s.get(1) + "/" + s.get(2));
        out.addAll(s.subList(3, s.size()));
        return out;
    }

    private Reply route(String method, Visit v, Response response) {
        boolean get = !method.equals("POST");
        List<String> s = namespaced(v.segments(), get);
        if (get && (s.isEmpty() || s.equals(List.of("")))) {
            return Reply.redirect("/models");
        }
        if (get) {
            if (s.equals(List.of("models"))) {
                return modelPages.list(v);
            }
            if (s.size() == 2 && s.get(0).equals("models")) {
                return modelPages.model(v, s.get(1));
            }
            if (s.size() == 4 && s.get(0).equals("models") && s.get(2).equals("versions")) {
                return modelPages.version(v, s.get(1), s.get(3));
            }
            if (s.equals(List.of("compare"))) {
                return reviewPages.compare(v);
            }
            if (s.equals(List.of("audit"))) {
                return reviewPages.audit(v);
            }
            if (s.equals(List.of("stats"))) {
                return reviewPages.statistics(v);
            }
            if (s.equals(List.of("webhooks"))) {
                return webhookPages.list(v);
            }
        } else {
            if (s.equals(List.of("signout"))) {
                sessions.close(v.session());
                response.getHeaders().add(HttpHeader.SET_COOKIE, Sessions.setCookie(v.request(), Sessions.COOKIE, "",
                        Sessions.LIFETIME));
                return Reply.redirect("/signin");
            }
            if (!s.isEmpty() && s.get(0).equals("webhooks")) {
                return webhookPages.act(v, s.subList(1, s.size()));
            }
            if (s.size() == 5 && s.get(0).equals("models") && s.get(2).equals("versions")) {
                return actions.onVersion(v, s.get(1), s.get(3), s.get(4));
            }
            if (s.size() == 3 && s.get(0).equals("models")) {
                return actions.onModel(v, s.get(1), s.get(2));
            }
        }
        throw new UiProblem(404, "Not found", "There is no page at " + v.request().getHttpURI().getPath() + ".");
    }

    private Reply signInPage(Request request, Response response, String next, String problem) {
        // one token per browser until it signs in: a second sign-in page (another tab, a favicon request sent to
        // sign-in) must not invalidate the form already shown
        String csrf = Sessions.cookie(request, SIGNIN_COOKIE);
        if (csrf == null || !csrf.matches("[A-Za-z0-9_-]{43}")) {
            csrf = Sessions.random();
        }
        response.getHeaders().add(HttpHeader.SET_COOKIE, Sessions.setCookie(request, SIGNIN_COOKIE, csrf,
                Duration.ofHours(1)));
        return new Reply(problem == null ? 200 : 401, "signin.jte", new Views.SignInPage(csrf, safeNext(next), problem),
                null);
    }

    private Reply signIn(Request request, Response response) throws IOException {
        Map<String, List<String>> form = readForm(request);
        if (!Sessions.same(Sessions.cookie(request, SIGNIN_COOKIE), Forms.first(form, "csrf"))) {
            return signInPage(request, response, Forms.first(form, "next"),
                    "The sign-in form expired or came from another site; try again.");
        }
        Optional<String> principal = tokens.apply(Forms.first(form, "token"));
        if (principal.isEmpty()) {
            LOG.info("web sign-in refused from {}", Request.getRemoteAddr(request));
            return signInPage(request, response, Forms.first(form, "next"), "That token is not valid.");
        }
        Sessions.Session s = sessions.open(principal.get());
        response.getHeaders().add(HttpHeader.SET_COOKIE, Sessions.setCookie(request, Sessions.COOKIE, s.id(), Sessions.LIFETIME));
        response.getHeaders().add(HttpHeader.SET_COOKIE, Sessions.setCookie(request, SIGNIN_COOKIE, "", Sessions.LIFETIME));
        return Reply.redirect(safeNext(Forms.first(form, "next")));
    }

    /** Only a path on this site: no scheme, no {@code //host}, no backslash tricks. */
    private static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")
                || next.chars().anyMatch(c -> c < 0x20)) {
            return "/models";
        }
        return next;
    }

    private static Map<String, List<String>> readForm(Request request) throws IOException {
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw new UiProblem(415, "Unsupported form", "Forms must be sent as application/x-www-form-urlencoded.");
        }
        if (request.getLength() > MAX_FORM_BYTES) {
            throw new UiProblem(413, "Form too large", "A form may carry at most " + MAX_FORM_BYTES + " bytes.");
        }
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readNBytes(MAX_FORM_BYTES + 1);
        }
        if (body.length > MAX_FORM_BYTES) {
            throw new UiProblem(413, "Form too large", "A form may carry at most " + MAX_FORM_BYTES + " bytes.");
        }
        return decoded(() -> Forms.parse(new String(body, StandardCharsets.UTF_8)));
    }

    private static List<String> segments(String path) {
        List<String> out = new ArrayList<>();
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.isEmpty()) {
            return out;
        }
        for (String s : p.split("/", -1)) {
            out.add(decoded(() -> Forms.segment(s)));
        }
        return out;
    }

    private static <T> T decoded(Supplier<T> decoding) {
        try {
            return decoding.get();
        } catch (IllegalArgumentException e) {
            throw new UiProblem(400, "Bad request", "The address or form has a malformed percent-encoding.");
        }
    }

    private void send(Request request, Response response, Callback callback, Reply reply) {
        securityHeaders(response);
        if (reply.location() != null) {
            response.setStatus(303);
            response.getHeaders().put(HttpHeader.LOCATION, reply.location());
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0);
            serverTiming(request, response);
            callback.succeeded();
            return;
        }
        Utf8ByteOutput out = new Utf8ByteOutput();
        templates.render(reply.template(), reply.view(), out);
        response.setStatus(reply.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, out.getContentLength());
        byte[] bytes = request.getMethod().equals("HEAD") ? new byte[0] : out.toByteArray();
        serverTiming(request, response);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    /** {@code Server-Timing: app;dur=<ms>}: the time the page took on the server (browsers' developer tools show it). */
    private static void serverTiming(Request request, Response response) {
        if (request.getAttribute(STARTED) instanceof Long start) {
            response.getHeaders().put("Server-Timing", String.format(Locale.ROOT, "app;dur=%.2f",
                    (System.nanoTime() - start) / 1e6));
        }
    }

    private static void securityHeaders(Response response) {
        var h = response.getHeaders();
        h.put("Content-Security-Policy", SECURITY_POLICY);
        h.put("X-Content-Type-Options", "nosniff");
        h.put("Referrer-Policy", "same-origin");
        h.put(HttpHeader.CACHE_CONTROL, "no-store");
    }

    /** The heading of the error page for each kind of failure (its status is the HTTP API's). */
    static String heading(ErrorKind kind) {
        return switch (kind) {
            case NOT_FOUND -> "Not found";
            case DENIED -> "Not allowed";
            case INVALID -> "Not accepted";
            case CONFLICT -> "Conflict";
            case REFUSED -> "Refused";
            case INTEGRITY -> "Failed verification";
            case UNAVAILABLE -> "Something went wrong";
            case OUTCOME_UNKNOWN -> "Outcome unknown";
            case UNAUTHENTICATED -> "Sign-in required";
        };
    }

    private void fail(Request request, Response response, Callback callback, Sessions.Session session, Throwable t) {
        Throwable cause = t instanceof UncheckedIOException u ? u.getCause() : t;
        int status;
        String heading;
        String message;
        if (cause instanceof UiProblem p) {
            status = p.status();
            heading = p.heading();
            message = p.getMessage();
        } else if (cause instanceof AccessDeniedException d) {
            status = 403;
            heading = "Not allowed";
            message = d.reason() != null
                    ? "You are signed in as '" + d.principal() + "', who may not use " + d.permission() + " on "
                    + d.resource() + " here: " + d.reason() + "."
                    : d.permission().matches("[a-z_]+:[a-z_]+")
                    ? "You are signed in as '" + d.principal() + "', whose roles do not grant " + d.permission() + " on "
                    + d.resource() + ". Ask an administrator for a role that grants it."
                    : "You are signed in as '" + d.principal() + "'; this needs " + d.permission() + " on "
                    + d.resource() + ".";
        } else if (cause instanceof RegistryException r) {
            status = WireErrors.status(r.kind());
            heading = heading(r.kind());
            message = r.kind() == ErrorKind.UNAVAILABLE ? "The registry could not answer: " + r.getMessage()
                    : r.kind() == ErrorKind.OUTCOME_UNKNOWN ? r.getMessage()
                    + " Reload the page to see whether the change took effect before trying again." : r.getMessage();
            if (status >= 500) {
                LOG.warn("{} {} failed", request.getMethod(), request.getHttpURI().getPath(), r);
            }
        } else {
            LOG.warn("{} {} failed", request.getMethod(), request.getHttpURI().getPath(), cause);
            status = 500;
            heading = "Something went wrong";
            message = "Internal error; the server log has the details.";
        }
        if (response.isCommitted()) {
            callback.failed(t);
            return;
        }
        RefusedBodies.drain(request);
        try {
            String allow = response.getHeaders().get(HttpHeader.ALLOW);
            response.reset();
            if (allow != null) {
                response.getHeaders().put(HttpHeader.ALLOW, allow);
            }
            Views.Frame frame = session == null ? new Views.Frame(heading, "", null, "", null)
                    : new Views.Frame(heading, "", session.principal(), session.csrf(), null,
                    registry.as(session.principal()).access().allowed(Permission.REGISTRY_AUDIT, null),
                    WebhookPages.manages(registry.as(session.principal())));
            send(request, response, callback, new Reply(status, "error.jte",
                    new Views.ErrorPage(frame, status, heading, message), null));
        } catch (Throwable again) {
            callback.failed(again);
        }
    }

    private void serveStatic(String name, Request request, Response response, Callback callback) throws IOException {
        String type = name.endsWith(".css") ? "text/css; charset=utf-8" : name.endsWith(".js")
                ? "text/javascript; charset=utf-8" : name.endsWith(".svg") ? "image/svg+xml" : null;
        byte[] bytes = null;
        if (type != null && name.matches("[a-z0-9-]+\\.(css|js|svg)")) {
            try (InputStream in = WebUi.class.getResourceAsStream("static/" + name)) {
                bytes = in == null ? null : in.readAllBytes();
            }
        }
        if (bytes == null) {
            throw new UiProblem(404, "Not found", "No such file: /static/" + name);
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "public, max-age=3600");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.write(true, ByteBuffer.wrap(request.getMethod().equals("HEAD") ? new byte[0] : bytes), callback);
    }
}
