package io.jmreg.server.hf;

import io.jmreg.api.Names;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.wire.WireJson;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The three hub endpoints: model info, tree listing with {@code Link} paging, and file downloads. */
final class HfRoutes {
    /** Tree entries per page unless the request's {@code limit} asks for fewer. */
    static final int PAGE = 1000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** The endpoints. */
    enum Kind { INFO, TREE, RESOLVE }

    /**
     * What a path asks for.
     *
     * @param repo     the model name
     * @param revision the revision as sent
     * @param path     the file or directory inside the revision ("" for none)
     */
    record Target(Kind kind, String repo, String revision, String path) {
    }

    /** The endpoint of the segments after {@code /hf/}, or null for none. */
    static Target target(List<String> s) {
        if (s.size() >= 3 && s.get(0).equals("api") && s.get(1).equals("models")) {
            List<String> rest = s.subList(2, s.size());
            for (int i = 1; i < rest.size(); i++) {
                if (rest.get(i).equals("revision") && i == rest.size() - 2) {
                    return new Target(Kind.INFO, join(rest, 0, i), rest.get(i + 1), "");
                }
                if (rest.get(i).equals("tree") && i + 1 < rest.size()) {
                    return new Target(Kind.TREE, join(rest, 0, i), rest.get(i + 1), join(rest, i + 2, rest.size()));
                }
            }
            return new Target(Kind.INFO, join(rest, 0, rest.size()), "main", "");
        }
        for (int i = 1; i + 2 < s.size(); i++) {
            if (s.get(i).equals("resolve")) {
                return new Target(Kind.RESOLVE, join(s, 0, i), s.get(i + 1), join(s, i + 2, s.size()));
            }
        }
        return null;
    }

    private static String join(List<String> parts, int from, int to) {
        return from >= to ? "" : String.join("/", parts.subList(from, to));
    }

    void serve(HfCall call) throws IOException {
        Target t = call.target();
        try {
            Names.requireModelName(t.repo());
        } catch (ValidationException e) {
            throw new HfError(404, "RepoNotFound", "%s", e.getMessage());
        }
        ModelVersion v = Revisions.resolve(call.registry(), t.repo(), t.revision());
        GitObjects git = new GitObjects(v);
        switch (t.kind()) {
            case INFO -> json(call, info(v, git));
            case TREE -> tree(call, v, git);
            case RESOLVE -> HfDownloads.send(call, v, git.commit());
        }
    }

    private static Map<String, Object> info(ModelVersion v, GitObjects git) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("_id", git.commit().substring(0, 24));
        m.put("id", v.name());
        m.put("modelId", v.name());
        int slash = v.name().indexOf('/');
        m.put("author", slash > 0 ? v.name().substring(0, slash) : v.createdBy());
        m.put("sha", git.commit());
        m.put("lastModified", TIME.format(v.created()));
        m.put("createdAt", TIME.format(v.created()));
        m.put("private", true);
        m.put("gated", false);
        m.put("disabled", false);
        m.put("tags", List.copyOf(v.tags()));
        if (v.type() != null) {
            m.put("pipeline_tag", v.type());
        }
        List<Map<String, Object>> siblings = new ArrayList<>();
        for (ArtifactFile f : v.artifacts().files()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("rfilename", f.path());
            s.put("size", f.size());
            s.put("blobId", GitObjects.blob(f));
            s.put("lfs", Map.of("sha256", f.sha256(), "size", f.size(), "pointerSize", GitObjects.pointer(f).length));
            siblings.add(s);
        }
        m.put("siblings", siblings);
        m.put("usedStorage", v.artifacts().totalSize());
        Map<String, Object> jmreg = new LinkedHashMap<>();
        jmreg.put("reference", v.reference());
        jmreg.put("version", v.version());
        jmreg.put("stage", v.stage());
        jmreg.put("manifestDigest", v.artifacts().digest());
        m.put("jmreg", jmreg);
        return m;
    }

    /** Files and directories under the target path (children only unless {@code recursive=true}), in path order. */
    private static void tree(HfCall call, ModelVersion v, GitObjects git) throws IOException {
        String dir = call.target().path();
        if (git.directory(dir) == null) {
            if (v.artifacts().file(dir).isPresent()) {
                throw new HfError(404, "EntryNotFound", "%s is a file of %s, not a directory", dir, v.reference());
            }
            throw new HfError(404, "EntryNotFound", "%s has no directory '%s'", v.reference(), dir);
        }
        boolean recursive = "true".equalsIgnoreCase(call.query("recursive"));
        boolean expand = "true".equalsIgnoreCase(call.query("expand"));
        String prefix = dir.isEmpty() ? "" : dir + "/";
        TreeMap<String, Map<String, Object>> entries = new TreeMap<>();
        for (String d : git.directories()) {
            if (d.startsWith(prefix) && (recursive || d.indexOf('/', prefix.length()) < 0)) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("type", "directory");
                e.put("oid", git.directory(d));
                e.put("size", 0);
                e.put("path", d);
                entries.put(d, e);
            }
        }
        for (ArtifactFile f : v.artifacts().files()) {
            if (f.path().startsWith(prefix) && (recursive || f.path().indexOf('/', prefix.length()) < 0)) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("type", "file");
                e.put("oid", GitObjects.blob(f));
                e.put("size", f.size());
                e.put("path", f.path());
                e.put("lfs", Map.of("oid", f.sha256(), "size", f.size(), "pointerSize", GitObjects.pointer(f).length));
                entries.put(f.path(), e);
            }
        }
        if (expand) {
            Map<String, Object> last = Map.of("id", git.commit(), "title", v.name() + " " + v.version(),
                    "date", TIME.format(v.created()));
            entries.values().forEach(e -> e.put("lastCommit", last));
        }
        int limit = PAGE;
        if (call.query("limit") != null) {
            try {
                limit = Math.max(1, Math.min(PAGE, Integer.parseInt(call.query("limit"))));
            } catch (NumberFormatException e) {
                throw new HfError(400, null, "limit must be an integer, got '%s'", call.query("limit"));
            }
        }
        int offset = cursor(call.query("cursor"));
        List<Map<String, Object>> all = new ArrayList<>(entries.values());
        int end = Math.min(all.size(), offset + limit);
        if (end < all.size()) {
            // the next page names the commit, so a version registered meanwhile cannot mix into the listing
            String next = "/hf/api/models/" + v.name() + "/tree/" + git.commit() + (dir.isEmpty() ? "" : "/" + encodePath(dir))
                    + "?recursive=" + recursive + "&expand=" + expand + "&limit=" + limit + "&cursor="
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(("o" + end).getBytes(StandardCharsets.UTF_8));
            HttpURI uri = call.request().getHttpURI();
            String base = uri.getScheme() + "://" + uri.getAuthority();
            call.response().getHeaders().put(HttpHeader.LINK, "<" + base + next + ">; rel=\"next\"");
        }
        call.response().getHeaders().put("X-Repo-Commit", git.commit());
        json(call, offset >= all.size() ? List.of() : all.subList(offset, end));
    }

    private static int cursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (s.startsWith("o")) {
                int n = Integer.parseInt(s.substring(1));
                if (n >= 0) {
                    return n;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal
        }
        throw new HfError(400, null, "the cursor is not one this server handed out");
    }

    static String encodePath(String path) {
        List<String> parts = new ArrayList<>();
        for (String p : path.split("/")) {
            parts.add(URLEncoder.encode(p, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return String.join("/", parts);
    }

    private static void json(HfCall call, Object value) throws IOException {
        byte[] body = WireJson.write(value);
        call.response().setStatus(200);
        call.response().getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        call.response().getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        if (!call.head()) {
            try (OutputStream out = Content.Sink.asOutputStream(call.response())) {
                out.write(body);
            }
        }
    }
}
