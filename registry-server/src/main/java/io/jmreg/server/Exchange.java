package io.jmreg.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.events.RegistryEvent;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.wire.WireJson;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * One request as a route sees it: the registry acting as the caller, path and query parameters, the JSON body
 * (read strictly and within the size limit) and the response.
 */
final class Exchange {
    private final Request request;
    private final Response response;
    private final ModelRegistry registry;
    private final String principal;
    private final Map<String, String> params;
    private final Map<String, List<String>> query;
    private final long maxJsonBytes;
    private final List<RegistryEvent> events;

    Exchange(Request request, Response response, ModelRegistry registry, String principal, Map<String, String> params,
             Map<String, List<String>> query, long maxJsonBytes, List<RegistryEvent> events) {
        this.request = request;
        this.response = response;
        this.registry = registry;
        this.principal = principal;
        this.params = params;
        this.query = query;
        this.maxJsonBytes = maxJsonBytes;
        this.events = events;
    }

    Request request() {
        return request;
    }

    Response response() {
        return response;
    }

    /** The registry as the caller's principal. */
    ModelRegistry registry() {
        return registry;
    }

    String principal() {
        return principal;
    }

    /** A path parameter. */
    String param(String name) {
        return params.get(name);
    }

    /** A query parameter, or null. */
    String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** A required query parameter. */
    String requiredQuery(String name) {
        String v = query(name);
        if (v == null || v.isEmpty()) {
            throw new HttpError(400, "bad_request", "query parameter '%s' is required", name);
        }
        return v;
    }

    /** An integer query parameter. */
    int intQuery(String name, int otherwise) {
        String v = query(name);
        if (v == null) {
            return otherwise;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new HttpError(400, "bad_request", "query parameter '%s' must be an integer, got '%s'", name, v);
        }
    }

    /** A request header, or null. */
    String header(HttpHeader name) {
        return request.getHeaders().get(name);
    }

    /** The JSON body as {@code type}: 415 unless JSON, 413 beyond the limit, 400 when malformed or unknown fields. */
    <T> T body(Type type) {
        String contentType = header(HttpHeader.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new HttpError(415, "unsupported_media_type", "the body must be application/json, got %s",
                    contentType == null ? "no content type" : contentType);
        }
        long declared = request.getLength();
        if (declared > maxJsonBytes) {
            throw new HttpError(413, "payload_too_large", "a JSON body may have at most %d bytes, this one has %d",
                    maxJsonBytes, declared);
        }
        try (InputStream in = limited(Content.Source.asInputStream(request), maxJsonBytes)) {
            T value = WireJson.readStrict(in, type);
            if (value == null) {
                throw new HttpError(400, "bad_request", "the body must not be empty or null");
            }
            return value;
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof RuntimeException r && !(r instanceof HttpError)) {
                throw r; // a validating constructor refused a value: its own message and status
            }
            throw new HttpError(400, "bad_request", "malformed JSON body %s", WireJson.describe(e));
        } catch (IOException e) {
            if (e.getCause() instanceof HttpError h) {
                throw h;
            }
            throw new HttpError(400, "bad_request", "cannot read the body: %s", e.getMessage());
        }
    }

    /** {@code in}, failing with 413 once more than {@code max} bytes are read. */
    static InputStream limited(InputStream in, long max) {
        return new FilterInputStream(in) {
            private long count;

            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    check(1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    check(n);
                }
                return n;
            }

            private void check(int n) throws IOException {
                count += n;
                if (count > max) {
                    throw new IOException(new HttpError(413, "payload_too_large", "the body exceeds %d bytes", max));
                }
            }
        };
    }

    /** Sends {@code value} as JSON with {@code status}. */
    void json(int status, Object value) throws IOException {
        byte[] body = value instanceof ModelVersion v ? VersionJson.of(v) : WireJson.write(value);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        eventsHeader();
        if (!request.getMethod().equals("HEAD")) {
            Content.Sink.write(response, true, ByteBuffer.wrap(body)); // one write, the last: no separate end
        }
    }

    /** Sends {@code value} as JSON with 200. */
    void ok(Object value) throws IOException {
        json(200, value);
    }

    /** Sends 204. */
    void noContent() {
        response.setStatus(204);
        eventsHeader();
    }

    /**
     * The longest {@code Jmreg-Events} value sent: far below Jetty's 8 KiB response header buffer, so that a committed
     * change always answers its success status.
     */
    static final int MAX_EVENTS_HEADER = 6 * 1024;

    /**
     * The events the request's changes committed, for the client's listeners (base64url of a JSON array). Within
     * {@link #MAX_EVENTS_HEADER}: when the events are too large their details are left out ({@code details:
     * {"omitted": "true"}}), and when even that is too large (a bulk change of many versions) the header is replaced
     * by {@code Jmreg-Events-Omitted: <count>}.
     */
    void eventsHeader() {
        if (events.isEmpty()) {
            return;
        }
        String full = encode(events);
        if (full.length() <= MAX_EVENTS_HEADER) {
            response.getHeaders().put("Jmreg-Events", full);
            return;
        }
        String slim = encode(events.stream().map(e -> new RegistryEvent(e.type(), e.model(), e.version(),
                Map.of("omitted", "true"), e.at(), e.by(), e.sequence())).toList());
        if (slim.length() <= MAX_EVENTS_HEADER) {
            response.getHeaders().put("Jmreg-Events", slim);
        } else {
            response.getHeaders().put("Jmreg-Events-Omitted", Integer.toString(events.size()));
        }
    }

    private static String encode(List<RegistryEvent> list) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(WireJson.write(List.copyOf(list)));
    }
}
