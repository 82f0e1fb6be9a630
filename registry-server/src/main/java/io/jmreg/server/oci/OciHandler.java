package io.jmreg.server.oci;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.InvalidReferenceException;
import io.jmreg.api.exceptions.ModelNotFoundException;
import io.jmreg.api.exceptions.VersionNotFoundException;
import io.jmreg.server.Tokens;
import io.jmreg.server.ui.Forms;
import io.jmreg.server.ui.RefusedBodies;
import io.jmreg.wire.WireErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OCI Distribution API (v1.1) under {@code /v2/}: a repository is a model, its tags are versions and aliases,
 * a manifest is the version as a CNCF ModelPack artifact, and a blob is a file of the store by its SHA-256. The
 * caller authenticates with a server token (bearer, Basic password, or the registry token flow), and every route
 * runs as {@code registry.as(principal, {source, client, protocol=oci})}, so the registry's one operation pipeline
 * authorizes and audits it exactly as it does the REST API. Paths other than {@code /v2} are left to the next handler.
 */
public final class OciHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(OciHandler.class);
    private static final String NAME = "([a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)";
    private static final Pattern MANIFEST = Pattern.compile("/v2/" + NAME + "/manifests/([^/]+)");
    private static final Pattern UPLOADS = Pattern.compile("/v2/" + NAME + "/blobs/uploads/?");
    private static final Pattern UPLOAD = Pattern.compile("/v2/" + NAME + "/blobs/uploads/([^/]+)");
    private static final Pattern BLOB = Pattern.compile("/v2/" + NAME + "/blobs/([^/]+)");
    private static final Pattern TAGS = Pattern.compile("/v2/" + NAME + "/tags/list");
    private static final Pattern REFERRERS = Pattern.compile("/v2/" + NAME + "/referrers/([^/]+)");
    private final ModelRegistry registry;
    private final OciAuth auth;
    private final OciPull pull;
    private final OciPush push;

    /** Serves {@code registry} to the holders of {@code tokens}; pushed blobs wait in {@code uploadDirectory}. */
    public OciHandler(ModelRegistry registry, Tokens tokens, Path uploadDirectory, long maxBlobBytes) throws IOException {
        this.registry = registry;
        this.auth = new OciAuth(tokens);
        BlobUploads uploads = new BlobUploads(uploadDirectory, maxBlobBytes);
        this.pull = new OciPull(uploads);
        this.push = new OciPush(uploads);
    }

    /** Whether a path is this handler's. */
    public static boolean serves(String path) {
        return path.equals("/v2") || path.startsWith("/v2/");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        if (!serves(path)) {
            return false;
        }
        response.getHeaders().put("Docker-Distribution-API-Version", "registry/2.0");
        try {
            route(request, response, decode(path));
            callback.succeeded();
        } catch (Throwable t) {
            fail(request, response, callback, t);
        }
        return true;
    }

    private interface Route {
        void run(OciCall c) throws IOException;
    }

    private void route(Request request, Response response, String path) throws IOException {
        String method = request.getMethod();
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (path.equals(OciAuth.TOKEN_PATH) && read) {
            Tokens.Holder h = auth.authenticate(request, null);
            String token = OciAuth.token(request);
            OciCall c = call(request, response, h, null, null);
            c.send(200, "application/json", OciAuth.tokenResponse(token));
            return;
        }
        if ((path.equals("/v2") || path.equals("/v2/")) && read) {
            OciCall c = call(request, response, auth.authenticate(request, null), null, null);
            c.send(200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        Matcher m;
        Route r;
        if ((m = MANIFEST.matcher(path)).matches()) {
            r = read ? pull::manifest : method.equals("PUT") ? push::manifest : null;
        } else if ((m = UPLOADS.matcher(path)).matches()) {
            r = method.equals("POST") ? push::start : null;
        } else if ((m = UPLOAD.matcher(path)).matches()) {
            r = switch (method) {
                case "PATCH" -> push::chunk;
                case "PUT" -> push::finish;
                case "GET" -> push::status;
                case "DELETE" -> push::cancel;
                default -> null;
            };
        } else if ((m = BLOB.matcher(path)).matches()) {
            r = read ? pull::blob : null;
        } else if ((m = TAGS.matcher(path)).matches()) {
            r = read ? pull::tags : null;
        } else if ((m = REFERRERS.matcher(path)).matches()) {
            r = read ? pull::referrers : null;
        } else {
            throw new OciError(404, "NAME_INVALID", "no such OCI route: %s (repository names are lower-case)", path);
        }
        if (r == null) {
            throw new OciError(405, "UNSUPPORTED", "%s is not supported on %s", method, path);
        }
        String name = m.group(1);
        String scope = "repository:" + name + ":" + (read ? "pull" : "pull,push");
        OciCall c = call(request, response, auth.authenticate(request, scope), name,
                m.groupCount() > 1 ? m.group(2) : null);
        r.run(c);
    }

    private OciCall call(Request request, Response response, Tokens.Holder holder, String name, String reference) {
        request.setAttribute("io.jmreg.server.principal", holder.principal()); // for the access log
        Map<String, String> audit = new LinkedHashMap<>();
        audit.put("source", Request.getRemoteAddr(request));
        String agent = request.getHeaders().get(HttpHeader.USER_AGENT);
        audit.put("client", agent == null ? "unknown" : agent.length() > 200 ? agent.substring(0, 200) : agent);
        audit.put("protocol", "oci");
        ModelRegistry as = registry.as(holder.principal(), audit);
        Map<String, List<String>> query;
        try {
            query = Forms.parse(request.getHttpURI().getQuery());
        } catch (IllegalArgumentException e) {
            throw new OciError(400, "UNSUPPORTED", "malformed percent-encoding in the query");
        }
        return new OciCall(request, response, as, holder.principal(), name, reference, query);
    }

    private static String decode(String path) {
        try {
            return Forms.segment(path);
        } catch (IllegalArgumentException e) {
            throw new OciError(400, "NAME_INVALID", "malformed percent-encoding in the path");
        }
    }

    private void fail(Request request, Response response, Callback callback, Throwable t) {
        Throwable cause = t instanceof UncheckedIOException u ? u.getCause() : t;
        if (cause instanceof IOException io && io.getCause() instanceof OciError e) {
            cause = e;
        }
        int status;
        String code;
        String challenge = null;
        if (cause instanceof OciAuth.Unauthorized u) {
            status = 401;
            code = "UNAUTHORIZED";
            challenge = u.challenge();
        } else if (cause instanceof OciError e) {
            status = e.status();
            code = e.code();
        } else if (cause instanceof AccessDeniedException) {
            status = 403;
            code = "DENIED";
        } else if (cause instanceof ModelNotFoundException) {
            status = 404;
            code = "NAME_UNKNOWN";
        } else if (cause instanceof VersionNotFoundException) {
            status = 404;
            code = "MANIFEST_UNKNOWN";
        } else if (cause instanceof InvalidReferenceException) {
            status = 400;
            code = "NAME_INVALID";
        } else if (cause instanceof RuntimeException r) {
            status = WireErrors.status(r);
            code = status == 409 || status == 422 || status == 400 ? "MANIFEST_INVALID" : status == 404 ? "BLOB_UNKNOWN"
                    : "UNKNOWN";
        } else {
            status = 500;
            code = "UNKNOWN";
        }
        String message = status == 500 ? "internal error; the server log has the details" : cause.getMessage();
        if (status >= 500) {
            LOG.warn("{} {} failed", request.getMethod(), request.getHttpURI().getPath(), cause);
        }
        if (response.isCommitted()) {
            callback.failed(t); // the status line is gone: break the connection so the client sees a short body
            return;
        }
        RefusedBodies.drain(request);
        try {
            String contentRange = response.getHeaders().get(HttpHeader.CONTENT_RANGE);
            response.reset();
            response.getHeaders().put("Docker-Distribution-API-Version", "registry/2.0");
            if (challenge != null) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, challenge);
            }
            if (status == 416 && contentRange != null) {
                response.getHeaders().put(HttpHeader.CONTENT_RANGE, contentRange);
            }
            String json = "{\"errors\":[{\"code\":\"" + code + "\",\"message\":" + quote(message) + ",\"detail\":{}}]}";
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
            response.write(true, request.getMethod().equals("HEAD") ? ByteBuffer.allocate(0) : ByteBuffer.wrap(bytes),
                    callback);
        } catch (Throwable again) {
            callback.failed(again);
        }
    }

    private static String quote(String s) {
        return new String(VersionArtifact.write(s == null ? "" : s), StandardCharsets.UTF_8);
    }
}
