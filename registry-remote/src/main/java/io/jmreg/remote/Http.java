package io.jmreg.remote;

import io.jmreg.api.events.RegistryEvent;
import io.jmreg.api.exceptions.InvalidArtifactException;
import io.jmreg.api.exceptions.OutcomeUnknownException;
import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.api.exceptions.UnauthenticatedException;
import io.jmreg.wire.Requests;
import io.jmreg.wire.WireErrors;
import io.jmreg.wire.WireJson;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import java.util.function.BiConsumer;

/**
 * Requests to a registry server: JSON in and out, the bearer token on every request (never redirected: a redirect
 * is an error, so the token never reaches another origin), error bodies turned back into the API's exceptions and
 * the committed events of each change handed to the client's listeners.
 */
final class Http {
    private static final Type EVENTS = WireJson.listOf(RegistryEvent.class);
    private final HttpClient client;
    private final String base;
    private final String token;
    private final String actAs;
    private final Duration timeout;
    private final BiConsumer<String, List<RegistryEvent>> events;

    Http(HttpClient client, String base, String token, String actAs, Duration timeout,
         BiConsumer<String, List<RegistryEvent>> events) {
        this.client = client;
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
        this.actAs = actAs;
        this.timeout = timeout;
        this.events = events;
    }

    /** The same server acting for {@code principal} (the token must be allowed to impersonate). */
    Http actingAs(String principal) {
        return new Http(client, base, token, principal, timeout, events);
    }

    String base() {
        return base;
    }

    String actAs() {
        return actAs;
    }

    /** One path segment, percent-encoded ('/' included). */
    static String seg(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** An artifact path: each segment encoded, '/' kept between them. */
    static String filePath(String path) {
        StringBuilder out = new StringBuilder();
        for (String part : path.split("/")) {
            out.append(out.length() == 0 ? "" : "/").append(seg(part));
        }
        return out.toString();
    }

    /** A query string from name/value pairs (null values left out). */
    static String query(Object... pairs) {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                q.append(q.length() == 0 ? "?" : "&").append(pairs[i]).append('=')
                        .append(URLEncoder.encode(pairs[i + 1].toString(), StandardCharsets.UTF_8));
            }
        }
        return q.toString();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Authorization", "Bearer " + token).header("User-Agent", "jmreg-remote/1 (java.net.http)");
        if (actAs != null) {
            b.header("Jmreg-Act-As", actAs);
        }
        return b;
    }

    /** GET as JSON. */
    <T> T get(String path, Type type) {
        return call(request(path).GET().header("Accept", "application/json").build(), type, true);
    }

    /** A request with a JSON body (or none), answered with JSON of {@code type} (or nothing when null). */
    <T> T send(String method, String path, Object body, Type type) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(WireJson.write(body));
        HttpRequest.Builder b = request(path).method(method, publisher).header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return call(b.build(), type, false);
    }

    /** A request with a raw text body, answered with JSON. */
    <T> T sendText(String method, String path, String text, Type type) {
        return call(request(path).method(method, HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8))
                .header("Content-Type", "application/json").build(), type, false);
    }

    /** Uploads a file with PUT, streamed from disk. */
    void putFile(String path, Path file) {
        try {
            call(request(path).PUT(HttpRequest.BodyPublishers.ofFile(file))
                    .header("Content-Type", "application/octet-stream").build(), null, false);
        } catch (FileNotFoundException e) {
            throw new InvalidArtifactException(e, "cannot read %s for upload: %s", file,
                    e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new StorageException(e, "cannot upload %s: %s", file, e.getMessage());
        }
    }

    private <T> T call(HttpRequest request, Type type, boolean idempotent) {
        HttpResponse<byte[]> response = exchange(request, HttpResponse.BodyHandlers.ofByteArray(), idempotent);
        check(response.statusCode(), response.body(), request);
        deliverEvents(response);
        if (type == null || response.statusCode() == 204 || response.body().length == 0) {
            return null;
        }
        try {
            return WireJson.read(response.body(), type);
        } catch (IOException e) {
            throw new RegistryException(e, "unexpected answer from %s %s: %s", request.method(), request.uri(), e.getMessage());
        }
    }

    /** Streams a response body (a download); the caller closes it. Non-2xx answers are thrown as exceptions. */
    HttpResponse<InputStream> open(String path, Map<String, String> headers) {
        HttpRequest.Builder b = request(path).GET();
        headers.forEach(b::header);
        HttpRequest request = b.build();
        HttpResponse<InputStream> response = exchange(request, HttpResponse.BodyHandlers.ofInputStream(), true);
        if (response.statusCode() >= 300) {
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(1 << 20);
            } catch (IOException e) {
                body = new byte[0];
            }
            check(response.statusCode(), body, request);
        }
        return response;
    }

    /** Why a connection failed, in words: the JDK's client often throws a ConnectException without a message. */
    static String reason(ConnectException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return "connection refused or unreachable (" + e.getClass().getSimpleName()
                + (e.getCause() == null ? "" : ", " + e.getCause().getClass().getSimpleName()) + ")";
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler, boolean idempotent) {
        try {
            return client.send(request, handler);
        } catch (ConnectException e) {
            throw new StorageException(e, "cannot reach the registry server %s: %s", base, reason(e));
        } catch (IOException e) {
            if (idempotent) {
                throw new StorageException(e, "%s %s failed: %s", request.method(), request.uri(), e.toString());
            }
            throw new OutcomeUnknownException(e, "%s %s failed after it was sent (%s): it may or may not have taken "
                    + "effect", request.method(), request.uri(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(e, "interrupted while calling %s", base);
        }
    }

    private void check(int status, byte[] body, HttpRequest request) {
        if (status < 300) {
            return;
        }
        Requests.Error error;
        try {
            error = WireJson.read(body, Requests.Error.class);
        } catch (IOException | RuntimeException e) {
            String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
            throw new RegistryException("%s %s answered HTTP %d: %s", request.method(), request.uri(), status, text);
        }
        if (status == 401) {
            throw new UnauthenticatedException("%s: %s", base, error.message() == null ? "HTTP 401" : error.message());
        }
        throw WireErrors.exception(status, error);
    }

    private void deliverEvents(HttpResponse<?> response) {
        response.headers().firstValue("Jmreg-Events-Omitted").ifPresent(count -> LoggerFactory
                .getLogger(Http.class).warn("{} committed {} events too large to send back; local listeners do not "
                        + "hear them", base, count));
        response.headers().firstValue("Jmreg-Events").ifPresent(encoded -> {
            try {
                List<RegistryEvent> list = WireJson.read(Base64.getUrlDecoder().decode(encoded), EVENTS);
                events.accept(actAs, list);
            } catch (IOException | IllegalArgumentException e) {
                throw new RegistryException(e, "malformed events from %s: %s", base, e.getMessage());
            }
        });
    }

    /** The client every registry of one process shares: HTTP/1.1, no automatic redirects. */
    static HttpClient newClient(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout).build();
    }
}
