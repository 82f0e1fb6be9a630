package io.jmreg.server;

import io.jmreg.api.model.ArchiveFormat;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.server.http.ByteRange;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;

/**
 * Artifact downloads: streamed from the registry (verified on the way), with {@code ETag} = the content's SHA-256,
 * {@code Repr-Digest}, conditional requests ({@code If-None-Match} 304, {@code If-Match} 412) and single byte
 * ranges ({@code Range}, {@code If-Range}: 206 or 416).
 */
final class ArtifactRoutes {
    private static final int BUFFER = 64 * 1024; // a larger read pins a larger per-thread direct buffer in the JDK

    void register(Router r) {
        r.add("GET", "/api/v1/models/{name}/versions/{version}/artifacts/{path...}", this::download);
        r.add("GET", "/api/v1/models/{name}/versions/{version}/archive", this::archive);
    }

    /** The whole version as one zip or tar, streamed file by file (each verified), audited as one download. */
    private void archive(Exchange x) throws Exception {
        String name = x.query("format");
        ArchiveFormat format = ArchiveFormat.of(name == null ? "zip" : name);
        ModelVersion v = x.registry().resolve(ModelRoutes.ref(x));
        String file = (v.name().replace('/', '_') + "-" + v.version()).replaceAll("[^A-Za-z0-9._-]", "_");
        var headers = x.response().getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, format == ArchiveFormat.ZIP ? "application/zip"
                : "application/x-tar");
        headers.put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\"" + file + "." + format.extension() + "\"");
        headers.put(HttpHeader.CACHE_CONTROL, "private, no-store");
        headers.put("Jmreg-Version", v.reference());
        x.response().setStatus(200);
        // closed (the chunked body ended) only on success: a failure after the first bytes aborts the connection, so
        // the client sees a broken body rather than a well-formed end after missing files
        OutputStream out = Content.Sink.asOutputStream(x.response());
        BufferedOutputStream buffered = new BufferedOutputStream(out, BUFFER);
        x.registry().writeArchive(v.reference(), format, buffered);
        buffered.flush();
        out.close();
    }

    private void download(Exchange x) throws Exception {
        ModelVersion v = x.registry().resolve(ModelRoutes.ref(x));
        String path = x.param("path");
        ArtifactFile file = v.artifacts().file(path).orElseThrow(() ->
                new HttpError(404, "not_found", "%s has no artifact file '%s'", v.reference(), path));
        String etag = "\"" + file.sha256() + "\"";
        var headers = x.response().getHeaders();
        headers.put(HttpHeader.ETAG, etag);
        headers.put(HttpHeader.ACCEPT_RANGES, "bytes");
        headers.put(HttpHeader.CACHE_CONTROL, "private, max-age=0, must-revalidate");
        headers.put("Jmreg-Version", v.reference());
        if (x.query("download") != null) { // a browser saving the file (the web UI's links)
            String base = path.substring(path.lastIndexOf('/') + 1);
            headers.put("Content-Disposition", "attachment; filename=\"" + base.replaceAll("[^A-Za-z0-9._-]", "_")
                    + "\"; filename*=UTF-8''" + URLEncoder.encode(base, StandardCharsets.UTF_8)
                    .replace("+", "%20"));
        }
        String ifMatch = x.header(HttpHeader.IF_MATCH);
        if (ifMatch != null && !matches(ifMatch, etag)) {
            throw new HttpError(412, "precondition_failed", "%s %s has content %s, not %s", v.reference(), path, etag,
                    ifMatch);
        }
        String ifNoneMatch = x.header(HttpHeader.IF_NONE_MATCH);
        if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
            x.response().setStatus(304);
            return;
        }
        long size = file.size();
        long start = 0;
        long end = size; // exclusive
        String range = x.header(HttpHeader.RANGE);
        String ifRange = x.header(HttpHeader.IF_RANGE);
        boolean partial = range != null && (ifRange == null || ifRange.equals(etag));
        if (partial) {
            long[] r = ByteRange.parse(range, size);
            if (r == null) {
                partial = false; // not a single byte range: the whole file, as RFC 9110 allows
            } else if (r.length == 0) {
                headers.put(HttpHeader.CONTENT_RANGE, "bytes */" + size);
                throw new HttpError(416, "range_not_satisfiable", "range %s is outside the %d bytes of %s", range, size,
                        path);
            } else {
                start = r[0];
                end = r[1];
            }
        }
        headers.put(HttpHeader.CONTENT_TYPE, file.mediaType());
        headers.put(HttpHeader.CONTENT_LENGTH, end - start);
        headers.put("Repr-Digest", "sha-256=:" + Base64.getEncoder()
                .encodeToString(HexFormat.of().parseHex(file.sha256())) + ":");
        headers.put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\""
                + file.path().substring(file.path().lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_") + "\"");
        if (partial) {
            headers.put(HttpHeader.CONTENT_RANGE, "bytes " + start + "-" + (end - 1) + "/" + size);
            x.response().setStatus(206);
        } else {
            x.response().setStatus(200);
        }
        if (x.request().getMethod().equals("HEAD")) {
            return;
        }
        try (InputStream in = partial ? x.registry().openArtifact(v.reference(), path, start, end - start)
                : x.registry().openArtifact(v.reference(), path);
             OutputStream out = Content.Sink.asOutputStream(x.response())) {
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        }
    }

    private static boolean matches(String header, String etag) {
        for (String candidate : header.split(",")) {
            String c = candidate.strip();
            if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }
}
