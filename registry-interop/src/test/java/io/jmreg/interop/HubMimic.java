package io.jmreg.interop;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Hugging Face-compatible hub in the test (the JDK's HTTP server): revisions, a paged file tree, {@code resolve}
 * with a 302 to a second origin (the "CDN") for LFS files, ranges, ETags and the hub's error codes, with faults to
 * inject: a connection dropped after some bytes, a range ignored, corrupted bytes, a changed ETag, a slow CDN.
 */
final class HubMimic implements AutoCloseable {
    static final String REPO = "acme/tiny-model";
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    final HttpServer hub;
    final HttpServer cdn;
    /** path -> content. */
    final Map<String, byte[]> files = new LinkedHashMap<>();
    final List<String> lfs = new ArrayList<>();
    final List<String> hubAuthorization = new CopyOnWriteArrayList<>();
    final List<String> cdnAuthorization = new CopyOnWriteArrayList<>();
    final List<String> cdnRanges = new CopyOnWriteArrayList<>();
    final AtomicLong cdnBytes = new AtomicLong();
    /** Drop the connection after this many body bytes, for this many more requests. */
    volatile long dropAfter = -1;
    final AtomicInteger drops = new AtomicInteger();
    volatile boolean ignoreRange;
    volatile boolean corrupt;
    volatile String etagSuffix = "";
    /** Pause this long per 64 KiB sent by the CDN. */
    volatile long slowMillis;
    final AtomicInteger treePages = new AtomicInteger();

    HubMimic() throws IOException {
        hub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        cdn = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hub.createContext("/", this::hub);
        cdn.createContext("/", this::cdn);
        hub.setExecutor(Executors.newCachedThreadPool());
        cdn.setExecutor(Executors.newCachedThreadPool());
        hub.start();
        cdn.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + hub.getAddress().getPort();
    }

    void add(String path, byte[] content, boolean large) {
        files.put(path, content);
        if (large) {
            lfs.add(path);
        }
    }

    static String hex(String algorithm, byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            for (byte[] p : parts) {
                md.update(p);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String gitOid(byte[] content) {
        return hex("SHA-1", ("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII), content);
    }

    private static void error(HttpExchange x, int status, String code) throws IOException {
        x.getResponseHeaders().add("X-Error-Code", code);
        x.getResponseHeaders().add("X-Error-Message", code + " (mimic)");
        x.sendResponseHeaders(status, -1);
        x.close();
    }

    private static void json(HttpExchange x, String body, Map<String, String> headers) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((k, v) -> x.getResponseHeaders().add(k, v));
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(200, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    private void hub(HttpExchange x) throws IOException {
        hubAuthorization.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
        String path = x.getRequestURI().getRawPath();
        String apiPrefix = "/api/models/" + REPO + "/";
        if (path.startsWith("/api/models/") && !path.startsWith(apiPrefix)) {
            error(x, 404, "RepoNotFound");
            return;
        }
        if (path.startsWith(apiPrefix + "revision/")) {
            String rev = path.substring((apiPrefix + "revision/").length());
            if (!rev.equals("main") && !rev.equals(COMMIT)) {
                error(x, 404, "RevisionNotFound");
                return;
            }
            json(x, "{\"id\": \"" + REPO + "\", \"sha\": \"" + COMMIT + "\"}", Map.of());
            return;
        }
        if (path.startsWith(apiPrefix + "tree/" + COMMIT)) {
            treePages.incrementAndGet();
            String q = x.getRequestURI().getQuery();
            int cursor = q != null && q.contains("cursor=") ? Integer.parseInt(q.replaceAll(".*cursor=(\\d+).*", "$1")) : 0;
            List<String> paths = new ArrayList<>(files.keySet());
            StringBuilder body = new StringBuilder("[");
            if (cursor == 0) {
                body.append("{\"type\": \"directory\", \"path\": \"tokenizer\", \"oid\": \"x\", \"size\": 0}");
            }
            for (int i = cursor; i < Math.min(cursor + 2, paths.size()); i++) {
                byte[] c = files.get(paths.get(i));
                body.append(body.length() > 1 ? ", " : "").append("{\"type\": \"file\", \"path\": \"").append(paths.get(i))
                        .append("\", \"size\": ").append(c.length).append(", \"oid\": \"").append(gitOid(c)).append('"');
                if (lfs.contains(paths.get(i))) {
                    body.append(", \"lfs\": {\"oid\": \"").append(hex("SHA-256", c)).append("\", \"size\": ")
                            .append(c.length).append('}');
                }
                body.append('}');
            }
            body.append(']');
            Map<String, String> headers = cursor + 2 < paths.size()
                    ? Map.of("Link", "<" + apiPrefix + "tree/" + COMMIT + "?recursive=true&cursor=" + (cursor + 2)
                    + ">; rel=\"next\"") : Map.of();
            json(x, body.toString(), headers);
            return;
        }
        String resolve = "/" + REPO + "/resolve/" + COMMIT + "/";
        if (path.startsWith(resolve)) {
            String file = URLDecoder.decode(path.substring(resolve.length()), StandardCharsets.UTF_8);
            byte[] content = files.get(file);
            if (content == null) {
                error(x, 404, "EntryNotFound");
                return;
            }
            x.getResponseHeaders().add("X-Repo-Commit", COMMIT);
            if (lfs.contains(file)) {
                String sha = hex("SHA-256", content);
                x.getResponseHeaders().add("X-Linked-Etag", "\"" + sha + etagSuffix + "\"");
                x.getResponseHeaders().add("X-Linked-Size", Long.toString(content.length));
                x.getResponseHeaders().add("Location", "http://127.0.0.1:" + cdn.getAddress().getPort() + "/blobs/" + sha);
                x.sendResponseHeaders(302, -1);
                x.close();
                return;
            }
            serve(x, content, "\"" + gitOid(content) + "\"", false);
            return;
        }
        error(x, 404, "EntryNotFound");
    }

    private void cdn(HttpExchange x) throws IOException {
        cdnAuthorization.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
        String sha = x.getRequestURI().getPath().substring("/blobs/".length());
        byte[] content = files.entrySet().stream().filter(e -> hex("SHA-256", e.getValue()).equals(sha))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (content == null) {
            x.sendResponseHeaders(404, -1);
            x.close();
            return;
        }
        serve(x, content, "\"" + sha + etagSuffix + "\"", true);
    }

    private void serve(HttpExchange x, byte[] content, String etag, boolean fromCdn) throws IOException {
        x.getResponseHeaders().add("ETag", etag);
        x.getResponseHeaders().add("Accept-Ranges", "bytes");
        String range = x.getRequestHeaders().getFirst("Range");
        String ifRange = x.getRequestHeaders().getFirst("If-Range");
        if (fromCdn) {
            cdnRanges.add(String.valueOf(range));
        }
        int start = 0;
        int status = 200;
        if (range != null && !ignoreRange && (ifRange == null || ifRange.equals(etag))) {
            start = Integer.parseInt(range.replaceAll("bytes=(\\d+)-.*", "$1"));
            status = 206;
            x.getResponseHeaders().add("Content-Range", "bytes " + start + "-" + (content.length - 1) + "/" + content.length);
        }
        if (x.getRequestMethod().equals("HEAD")) {
            x.getResponseHeaders().add("Content-Length", Integer.toString(content.length - start));
            x.sendResponseHeaders(status, -1);
            x.close();
            return;
        }
        x.sendResponseHeaders(status, content.length - start);
        OutputStream out = x.getResponseBody();
        long limit = dropAfter >= 0 && drops.get() > 0 ? dropAfter : Long.MAX_VALUE;
        try {
            for (int i = start; i < content.length; i += 65536) {
                int n = Math.min(65536, content.length - i);
                if (i - start + n > limit) {
                    drops.decrementAndGet();
                    out.write(content, i, (int) (limit - (i - start)));
                    out.flush();
                    x.getHttpContext().getServer(); // keep the exchange referenced
                    throw new IOException("dropped by the mimic");
                }
                byte[] chunk = Arrays.copyOfRange(content, i, i + n);
                if (corrupt && i == start) {
                    chunk[0] ^= 1;
                }
                out.write(chunk);
                if (fromCdn) {
                    cdnBytes.addAndGet(n);
                }
                if (slowMillis > 0) {
                    out.flush();
                    try {
                        Thread.sleep(slowMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            out.close();
        } catch (IOException dropped) {
            // the JDK server closes the connection of an exchange that did not complete
            x.close();
        }
    }

    @Override
    public void close() {
        hub.stop(0);
        cdn.stop(0);
    }
}
