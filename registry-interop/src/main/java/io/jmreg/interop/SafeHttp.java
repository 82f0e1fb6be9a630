package io.jmreg.interop;

import io.jmreg.api.exceptions.StorageException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * HTTP with redirects followed by hand: the JDK client's own redirect handling forwards {@code Authorization} to
 * another host, so here the token goes to the first request's origin only, never to a CDN a hub redirects to.
 */
final class SafeHttp {
    private static final int MAX_REDIRECTS = 10;
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(20)).build();
    private final String token;
    private final URI origin;

    /** Requests carrying {@code token} to the origin of {@code base} only. */
    SafeHttp(String base, String token) {
        this.origin = URI.create(base);
        this.token = token;
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /**
     * Sends {@code method} to {@code uri}; with {@code follow} redirects are followed (the token only on the origin).
     * The caller closes the body.
     */
    HttpResponse<InputStream> send(String method, URI uri, Map<String, String> headers, boolean follow) {
        try {
            return send(method, uri, headers, follow, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new StorageException(e, "%s %s failed: %s", method, uri, e.toString());
        }
    }

    /**
     * Like {@link #send(String, URI, Map, boolean)} with a body handler of the caller's (not used for redirects); a
     * transfer that breaks off is an {@link IOException}, so that the caller can resume it.
     */
    <T> HttpResponse<T> send(String method, URI uri, Map<String, String> headers, boolean follow,
                             HttpResponse.BodyHandler<T> handler) throws IOException {
        HttpResponse.BodyHandler<T> skippingRedirects = info -> follow && isRedirect(info.statusCode())
                ? HttpResponse.BodySubscribers.replacing(null) : handler.apply(info);
        URI at = uri;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(at).method(method, HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofMinutes(10)).header("User-Agent", "jmreg-import/1");
            headers.forEach(b::header);
            if (token != null && sameOrigin(at, origin)) {
                b.header("Authorization", "Bearer " + token);
            }
            HttpResponse<T> r;
            try {
                r = client.send(b.build(), skippingRedirects);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException(e, "interrupted: %s %s", method, at);
            }
            int s = r.statusCode();
            if (!follow || !isRedirect(s)) {
                return r;
            }
            URI from = at;
            String location = r.headers().firstValue("Location").orElseThrow(() ->
                    new StorageException("%s answered %d without a Location", from, s));
            at = at.resolve(location);
            Objects.requireNonNull(at.getHost(), "redirect target has no host");
        }
        throw new StorageException("more than %d redirects from %s", MAX_REDIRECTS, uri);
    }

    private static boolean isRedirect(int s) {
        return s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
    }

    static void close(HttpResponse<InputStream> r) {
        try {
            r.body().close();
        } catch (IOException ignored) {
            // nothing more to read
        }
    }
}
