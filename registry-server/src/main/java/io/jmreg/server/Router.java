package io.jmreg.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Routes by method and path pattern: literal segments, {@code {name}} for one segment and {@code {name...}} for the
 * rest of the path (artifact paths). Segments are matched after percent-decoding, one by one, so an encoded
 * {@code /} inside a model name stays inside its segment. A namespaced model name may also come as two segments
 * ({@code /api/v1/models/org/name/versions}): when no route takes the path with a one-segment name, the two segments
 * after {@code models} are read as {@code org/name}. A one-segment reading always wins, so a path has one meaning
 * (a model {@code org/versions} is {@code org%2Fversions}: {@code /models/org/versions} lists the versions of
 * {@code org}).
 */
final class Router {
    /** Handles a matched request. */
    @FunctionalInterface
    interface Action {
        void handle(Exchange x) throws Exception;
    }

    /** One route; {@code pattern} is as written in the OpenAPI document. */
    record Route(String method, String pattern, Action action) {
        String[] parts() {
            return pattern.substring(1).split("/");
        }
    }

    /** A route with its pattern split once (finding a route runs per request). */
    private record Compiled(Route route, String[] parts) {
    }

    /** A route matched, with its path parameters. */
    record Match(Route route, Map<String, String> params) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final List<Compiled> compiled = new ArrayList<>();

    void add(String method, String pattern, Action action) {
        Route route = new Route(method, pattern, action);
        routes.add(route);
        compiled.add(new Compiled(route, route.parts()));
    }

    List<Route> routes() {
        return List.copyOf(routes);
    }

    /** The route for a request, or empty; {@code allowed} receives the methods of routes matching the path only. */
    Optional<Match> find(String method, List<String> segments, Set<String> allowed) {
        Optional<Match> found = findAsGiven(method, segments, allowed);
        List<String> namespaced = namespaced(segments);
        return found.isPresent() || namespaced == null ? found : findAsGiven(method, namespaced, allowed);
    }

    /**
     * {@code segments} with the two after {@code api/v1/models} joined into one {@code org/name}, or null when they
     * cannot be a model name's two segments.
     */
    static List<String> namespaced(List<String> segments) {
        if (segments.size() < 5 || !segments.get(0).equals("api") || !segments.get(2).equals("models")) {
            return null;
        }
        String org = segments.get(3);
        String name = segments.get(4);
        if (org.isEmpty() || name.isEmpty() || org.contains("/") || name.contains("/")) {
            return null;
        }
        List<String> joined = new ArrayList<>(segments.subList(0, 3));
        joined.add(org + "/" + name);
        joined.addAll(segments.subList(5, segments.size()));
        return joined;
    }

    private Optional<Match> findAsGiven(String method, List<String> segments, Set<String> allowed) {
        for (Compiled c : compiled) {
            Route r = c.route();
            if (!matches(c.parts(), segments)) {
                continue;
            }
            Map<String, String> params = match(c.parts(), segments);
            if (r.method().equals(method) || (method.equals("HEAD") && r.method().equals("GET"))) {
                return Optional.of(new Match(r, params));
            }
            allowed.add(r.method());
        }
        return Optional.empty();
    }

    /** Whether {@code segments} fit {@code parts}, allocating nothing (most routes are ruled out here). */
    private static boolean matches(String[] parts, List<String> segments) {
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.startsWith("{") && p.endsWith("...}")) {
                return i < segments.size();
            }
            if (i >= segments.size()) {
                return false;
            }
            if (p.startsWith("{") ? segments.get(i).isEmpty() : !p.equals(segments.get(i))) {
                return false;
            }
        }
        return parts.length == segments.size();
    }

    private static Map<String, String> match(String[] parts, List<String> segments) {
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.startsWith("{") && p.endsWith("...}")) {
                if (i >= segments.size()) {
                    return null;
                }
                params.put(p.substring(1, p.length() - 4), String.join("/", segments.subList(i, segments.size())));
                return params;
            }
            if (i >= segments.size()) {
                return null;
            }
            if (p.startsWith("{")) {
                if (segments.get(i).isEmpty()) {
                    return null;
                }
                params.put(p.substring(1, p.length() - 1), segments.get(i));
            } else if (!p.equals(segments.get(i))) {
                return null;
            }
        }
        return parts.length == segments.size() ? params : null;
    }

    /** The set of {@code METHOD pattern} strings, for comparison with the OpenAPI document. */
    Set<String> signatures() {
        Set<String> out = new TreeSet<>();
        routes.forEach(r -> out.add(r.method() + " " + r.pattern().replace("...}", "}")));
        return out;
    }
}
