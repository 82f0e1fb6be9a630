package io.jmreg.server.hf;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.InvalidReferenceException;
import io.jmreg.api.exceptions.ModelNotFoundException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.exceptions.VersionNotFoundException;
import io.jmreg.server.Tokens;
import io.jmreg.server.ui.Forms;
import io.jmreg.wire.WireJson;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hugging Face hub's read endpoints under {@code /hf/}, so hub clients load models from the registry with the
 * endpoint set to {@code http://host:port/hf}: model info ({@code /hf/api/models/{repo}[/revision/{rev}]}), the file
 * tree ({@code /hf/api/models/{repo}/tree/{rev}[/{path}]}) and downloads ({@code /hf/{repo}/resolve/{rev}/{path}}).
 * A repository is a model, a revision a version, alias or commit id. Every request authenticates its bearer token and
 * runs as the token's principal through the registry, so it is authorized and audited (source address and client)
 * like the REST API; refusals carry the hub's {@code X-Error-Code}. A registry token may be sent as is or prefixed
 * with {@code hf_} (huggingface.js refuses tokens without that prefix).
 */
public final class HfHandler extends Handler.Abstract {
    /** The path prefix served. */
    public static final String PREFIX = "/hf/";
    private static final Logger LOG = LoggerFactory.getLogger(HfHandler.class);
    private final ModelRegistry registry;
    private final Tokens tokens;
    private final HfRoutes routes = new HfRoutes();

    /** Serves {@code registry} to the holders of {@code tokens}. */
    public HfHandler(ModelRegistry registry, Tokens tokens) {
        this.registry = registry;
        this.tokens = tokens;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        if (!path.startsWith(PREFIX)) {
            return false;
        }
        try {
            serve(request, response, path);
            callback.succeeded();
        } catch (Throwable t) {
            fail(request, response, callback, t);
        }
        return true;
    }

    private void serve(Request request, Response response, String path) throws Exception {
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            throw new HfError(405, null, "%s is not allowed: the hub's endpoints here are read-only (GET, HEAD)", method);
        }
        List<String> segments = new ArrayList<>();
        for (String s : path.substring(PREFIX.length()).split("/", -1)) {
            segments.add(decode(s));
        }
        while (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty()) {
            segments.remove(segments.size() - 1);
        }
        HfRoutes.Target target = HfRoutes.target(segments);
        if (target == null) {
            throw new HfError(404, null, "no such hub endpoint: %s", path);
        }
        Map<String, List<String>> query;
        try {
            query = Forms.parse(request.getHttpURI().getQuery());
        } catch (IllegalArgumentException e) {
            throw new HfError(400, null, "malformed percent-encoding in the query");
        }
        ModelRegistry caller = registry.as(authenticate(request), auditDetails(request));
        routes.serve(new HfCall(request, response, caller, target, query));
    }

    private String authenticate(Request request) {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new HfError(401, "RepoNotFound", "a bearer token is required (Authorization: Bearer <token>; "
                    + "HF_TOKEN or the client's accessToken)");
        }
        String token = header.substring(7).strip();
        // huggingface.js accepts only tokens starting with hf_: "hf_" + a registry token stands for that token
        return tokens.holder(token).or(() -> token.startsWith("hf_") ? tokens.holder(token.substring(3))
                        : Optional.empty()).map(Tokens.Holder::principal)
                .orElseThrow(() -> new HfError(401, null, "Invalid credentials in Authorization header"));
    }

    private static Map<String, String> auditDetails(Request request) {
        Map<String, String> audit = new LinkedHashMap<>();
        audit.put("source", Request.getRemoteAddr(request));
        String agent = request.getHeaders().get(HttpHeader.USER_AGENT);
        audit.put("client", agent == null ? "unknown" : agent.length() > 200 ? agent.substring(0, 200) : agent);
        audit.put("protocol", "huggingface");
        return audit;
    }

    private static String decode(String segment) {
        try {
            return Forms.segment(segment);
        } catch (IllegalArgumentException e) {
            throw new HfError(400, null, "malformed percent-encoding in the path");
        }
    }

    private static void fail(Request request, Response response, Callback callback, Throwable t) {
        Throwable cause = t instanceof UncheckedIOException u ? u.getCause() : t;
        HfError error;
        if (cause instanceof HfError h) {
            error = h;
        } else if (cause instanceof AccessDeniedException e) {
            error = new HfError(403, "GatedRepo", "%s", e.getMessage());
        } else if (cause instanceof ModelNotFoundException e) {
            error = new HfError(404, "RepoNotFound", "%s", e.getMessage());
        } else if (cause instanceof VersionNotFoundException e) {
            error = new HfError(404, "RevisionNotFound", "%s", e.getMessage());
        } else if (cause instanceof InvalidReferenceException e) {
            error = new HfError(404, "RepoNotFound", "%s", e.getMessage());
        } else if (cause instanceof ValidationException e) {
            error = new HfError(400, null, "%s", e.getMessage());
        } else {
            LOG.warn("{} {} failed", request.getMethod(), request.getHttpURI().getPath(), cause);
            error = new HfError(500, null, "internal error; the server log has the details");
        }
        if (response.isCommitted()) {
            callback.failed(t); // the status line is gone: abort so the client sees a broken body, never a short file
            return;
        }
        try {
            String allow = response.getHeaders().get(HttpHeader.ALLOW);
            String contentRange = response.getHeaders().get(HttpHeader.CONTENT_RANGE);
            response.reset();
            if (allow != null && error.status() == 405) {
                response.getHeaders().put(HttpHeader.ALLOW, allow);
            }
            if (contentRange != null && error.status() == 416) {
                response.getHeaders().put(HttpHeader.CONTENT_RANGE, contentRange);
            }
            if (error.status() == 401) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"jmreg\"");
            }
            if (error.code() != null) {
                response.getHeaders().put("X-Error-Code", error.code());
            }
            response.getHeaders().put("X-Error-Message", ascii(error.getMessage()));
            byte[] body = WireJson.write(Map.of("error", error.getMessage()));
            response.setStatus(error.status());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            if (request.getMethod().equals("HEAD")) {
                callback.succeeded();
            } else {
                response.write(true, ByteBuffer.wrap(body), callback);
            }
        } catch (Throwable again) {
            callback.failed(again);
        }
    }

    private static String ascii(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.length() > 500 ? b.substring(0, 500) : b.toString();
    }
}
