package io.jmreg.server.ui;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The addresses of the UI's pages. A namespaced model name travels as two path segments ({@code /models/org/name});
 * the encoded {@code org%2Fname} is read too. Query values are form-encoded.
 */
public final class Links {
    private Links() {
    }

    /** The model list. */
    public static String models() {
        return "/models";
    }

    /** The model list for a query, sort and page token (any may be empty). */
    public static String models(String query, String sort, String page) {
        return "/models" + query("q", query, "sort", sort, "page", page);
    }

    /**
     * The model list at page token {@code page}, with {@code trail}: the tokens of the pages before it (space
     * separated, {@code -} for the first), which is how "Previous page" finds its way back.
     */
    public static String models(String query, String sort, String page, String trail) {
        return "/models" + query("q", query, "sort", sort, "page", page, "trail", trail);
    }

    /** A model's page. */
    public static String model(String name) {
        return "/models/" + name(name);
    }

    /** A model's page with the chart of {@code metric}. */
    public static String model(String name, String metric) {
        return model(name) + query("metric", metric);
    }

    /** A version's page. */
    public static String version(String name, String version) {
        return model(name) + "/versions/" + segment(version);
    }

    /** Where a form acting on a version posts. */
    public static String versionAction(String name, String version, String action) {
        return version(name, version) + "/" + action;
    }

    /** Where a form acting on a model posts. */
    public static String modelAction(String name, String action) {
        return model(name) + "/" + action;
    }

    /** An artifact file's download (the API's artifact route, which accepts the session cookie for reads). */
    public static String download(String name, String version, String path) {
        StringBuilder b = new StringBuilder("/api/v1/models/").append(name(name)).append("/versions/")
                .append(segment(version)).append("/artifacts");
        for (String part : path.split("/")) {
            b.append('/').append(segment(part));
        }
        return b.append("?download=1").toString();
    }

    /** The whole version as one archive ({@code zip} or {@code tar}), the API's archive route (session cookie reads). */
    public static String archive(String name, String version, String format) {
        return "/api/v1/models/" + name(name) + "/versions/" + segment(version) + "/archive?format=" + format;
    }

    /** The compare page for two references. */
    public static String compare(String a, String b, String metric) {
        return "/compare" + query("a", a, "b", b, "metric", metric);
    }

    /** The audit page filtered to one resource. */
    public static String audit(String resource) {
        return "/audit" + query("resource", resource);
    }

    /**
     * The audit page with filters, older than the cursor {@code before} (empty: the newest), with {@code trail}: the
     * cursors of the pages before it (space separated, {@code -} for the newest).
     */
    public static String audit(String principal, String action, String resource, String from, String to,
                               String before, String trail) {
        return "/audit" + query("principal", principal, "action", action, "resource", resource, "from", from, "to", to,
                "before", before, "trail", trail);
    }

    /** A model's page showing its versions from index {@code versionsFrom} and environments from {@code deploymentsFrom}. */
    public static String model(String name, String metric, int versionsFrom, int deploymentsFrom) {
        return model(name) + query("metric", metric, "versions", versionsFrom == 0 ? "" : Integer.toString(versionsFrom),
                "deployments", deploymentsFrom == 0 ? "" : Integer.toString(deploymentsFrom));
    }

    /**
     * A model name in a path: {@code org/name} as two segments. A name whose second segment the API reads as a
     * sub-resource ({@code org/versions}) stays one encoded segment, so the API's routes read it as the name.
     */
    static String name(String name) {
        int slash = name.indexOf('/');
        if (slash < 0 || API_WORDS.contains(name.substring(slash + 1))) {
            return segment(name);
        }
        return segment(name.substring(0, slash)) + "/" + segment(name.substring(slash + 1));
    }

    private static final Set<String> API_WORDS = Set.of("versions", "aliases", "deployments",
            "promotions", "state");

    static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String query(String... pairs) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null && !pairs[i + 1].isEmpty()) {
                b.append(b.length() == 0 ? '?' : '&').append(pairs[i]).append('=')
                        .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
            }
        }
        return b.toString();
    }
}
