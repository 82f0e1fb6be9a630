package io.jmreg.server;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** A cookie-keeping HTTP client of the web UI for the HTML-level tests; it does not follow redirects. */
final class WebSession {
    private final String base;
    private final HttpClient http;

    WebSession(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Signs in with {@code token} through the sign-in form; returns the response to the form's post. */
    HttpResponse<String> signIn(String token) throws Exception {
        Document form = page("/signin");
        return post("/signin", Map.of("csrf", form.selectFirst("input[name=csrf]").val(), "token", token,
                "next", "/models"));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> bytes(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A page that must answer 200, parsed. */
    Document page(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = get(path);
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return Jsoup.parse(r.body(), base + path);
    }

    /** Any answer, parsed. */
    Document parse(HttpResponse<String> r) {
        return Jsoup.parse(r.body(), r.uri().toString());
    }

    HttpResponse<String> post(String path, Map<String, String> fields) throws IOException, InterruptedException {
        StringJoiner body = new StringJoiner("&");
        fields.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts the form {@code selector} of {@code page} with its own fields plus {@code values}; follows the 303. */
    Document submit(Document page, String selector, Map<String, String> values) throws IOException, InterruptedException {
        var form = page.selectFirst(selector);
        if (form == null) {
            throw new AssertionError("no form " + selector + " on " + page.location());
        }
        Map<String, String> fields = new LinkedHashMap<>();
        form.select("input[name], textarea[name]").forEach(i -> fields.put(i.attr("name"), i.val()));
        form.select("select[name]").forEach(s -> {
            var chosen = s.selectFirst("option[selected]");
            var o = chosen != null ? chosen : s.selectFirst("option");
            fields.put(s.attr("name"), o == null ? "" : o.hasAttr("value") ? o.attr("value") : o.text());
        });
        fields.putAll(values);
        HttpResponse<String> r = post(URI.create(form.absUrl("action")).getRawPath(), fields);
        if (r.statusCode() != 303) {
            throw new AssertionError("posting " + selector + " answered " + r.statusCode() + ": " + r.body());
        }
        return page(r.headers().firstValue("Location").orElseThrow());
    }
}
