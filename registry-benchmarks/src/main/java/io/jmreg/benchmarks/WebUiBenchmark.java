package io.jmreg.benchmarks;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.server.RegistryServer;
import io.jmreg.server.ServerOptions;
import io.jmreg.server.Tokens;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web UI's pages over the discovery benchmark's store (1,000 models x 100 versions by default): the time each
 * page takes on the server (its {@code Server-Timing} header) and as the client sees it, beside the JSON API
 * answering the same question in the same run (the baseline: the same search or read without rendering HTML).
 */
public final class WebUiBenchmark {
    private static final String TOKEN = "jmr_ui-benchmark-token";
    private static final Pattern TIMING = Pattern.compile("app;dur=([0-9.]+)");

    private WebUiBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "target/discovery-bench").toAbsolutePath();
        int models = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int versions = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        Path store = DiscoveryData.ensurePopulated(work, models, versions);
        try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder("file:" + store).principal("server")
                .cacheDirectory(work.resolve("ui-bench-cache")).build());
             RegistryServer server = RegistryServer.start(ServerOptions.builder(registry,
                     Tokens.of(Map.of(TOKEN, "bench"))).port(0).uploadDirectory(work.resolve("ui-bench-uploads")).build())) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
            signIn(client, server.uri());
            String model = DiscoveryData.model(models / 2);
            String query = "name:model-05* AND metrics.accuracy:>0.9";
            System.out.printf("web UI benchmark: %d models x %d versions, %d rounds per page, %d cores%n%n", models,
                    versions, rounds, Runtime.getRuntime().availableProcessors());
            System.out.printf("%-42s %28s %22s %9s%n", "page", "server-side p50 / p95 / max", "client p50: UI / API",
                    "UI / API");
            measure(client, server.uri(), rounds, "model list, first page (by name)", "/models",
                    "/api/v1/search/models?limit=50");
            measure(client, server.uri(), rounds, "model list sorted by updated_at:desc", "/models?sort="
                    + enc("updated_at:desc"), "/api/v1/search/models?limit=50&sort=" + enc("updated_at:desc"));
            measure(client, server.uri(), rounds, "model list, " + query, "/models?q=" + enc(query),
                    "/api/v1/search/models?limit=50&q=" + enc(query));
            measure(client, server.uri(), rounds, "model page (" + versions + " versions, chart)", "/models/" + model,
                    "/api/v1/models/" + model + "/versions");
            measure(client, server.uri(), rounds, "version page (record, lineage, audit)", "/models/" + model
                    + "/versions/1." + (versions / 2) + ".0", "/api/v1/models/" + model + "/versions/1." + (versions / 2)
                    + ".0");
            measure(client, server.uri(), Math.max(10, rounds / 10), "audit page (newest 200 of the whole trail)",
                    "/audit", "/api/v1/audit?limit=50"); // the API's row: the oldest 50
            measure(client, server.uri(), Math.max(10, rounds / 10), "audit page, a principal with no entries",
                    "/audit?principal=nobody", "/api/v1/audit?principal=nobody");
            System.out.printf("%nbudget: the model list renders in under 100 ms on the server (p95 above)%n");
        }
    }

    private static void measure(HttpClient client, String base, int rounds, String label, String page, String api)
            throws Exception {
        for (int i = 0; i < Math.max(5, rounds / 4); i++) { // warm-up
            fetch(client, base + page, false);
            fetch(client, base + api, true);
        }
        double[] server = new double[rounds];
        double[] ui = new double[rounds];
        double[] json = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = fetch(client, base + page, false);
            ui[i] = (System.nanoTime() - t0) / 1e6;
            Matcher m = TIMING.matcher(r.headers().firstValue("Server-Timing").orElse(""));
            if (!m.find()) {
                throw new IllegalStateException(page + " sent no Server-Timing header");
            }
            server[i] = Double.parseDouble(m.group(1));
            t0 = System.nanoTime();
            fetch(client, base + api, true);
            json[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(server);
        Arrays.sort(ui);
        Arrays.sort(json);
        System.out.printf("%-42s %9.2f / %6.2f / %6.2f ms %9.2f / %6.2f ms %8.2fx%n", label, pct(server, 50),
                pct(server, 95), server[rounds - 1], pct(ui, 50), pct(json, 50), pct(ui, 50) / pct(json, 50));
    }

    private static HttpResponse<byte[]> fetch(HttpClient client, String url, boolean bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (bearer) {
            b.header("Authorization", "Bearer " + TOKEN);
        }
        HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode());
        }
        return r;
    }

    private static void signIn(HttpClient client, String base) throws Exception {
        String form = new String(client.send(HttpRequest.newBuilder(URI.create(base + "/signin")).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body(), StandardCharsets.UTF_8);
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(form);
        if (!csrf.find()) {
            throw new IllegalStateException("the sign-in page has no CSRF field");
        }
        HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(base + "/signin"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("csrf=" + enc(csrf.group(1)) + "&token=" + enc(TOKEN)))
                .build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 303) {
            throw new IllegalStateException("sign-in answered " + r.statusCode());
        }
    }

    private static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
