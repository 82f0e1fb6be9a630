package io.jmreg.server.hf;

import io.jmreg.server.http.ByteRange;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.ModelVersion;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * {@code resolve/{rev}/{path}}: a file streamed from the registry (verified on the way and audited there as a
 * download) with the hub's headers: {@code X-Repo-Commit}, {@code ETag} and {@code X-Linked-Etag} (the quoted SHA-256,
 * as the hub sends for LFS files), {@code X-Linked-Size}, {@code Content-Length}; one byte range ({@code Range}, 206
 * or 416, {@code If-Range}); {@code If-None-Match} answers 304. HEAD reads no bytes.
 */
final class HfDownloads {
    private static final int BUFFER = 256 * 1024;

    private HfDownloads() {
    }

    static void send(HfCall call, ModelVersion v, String commit) throws IOException {
        String path = call.target().path();
        ArtifactFile file = v.artifacts().file(path).orElseThrow(() ->
                new HfError(404, "EntryNotFound", "%s has no file '%s'", v.reference(), path));
        String etag = "\"" + file.sha256() + "\"";
        HttpFields.Mutable headers = call.response().getHeaders();
        headers.put("X-Repo-Commit", commit);
        headers.put(HttpHeader.ETAG, etag);
        headers.put("X-Linked-Etag", etag);
        headers.put("X-Linked-Size", Long.toString(file.size()));
        headers.put(HttpHeader.ACCEPT_RANGES, "bytes");
        headers.put(HttpHeader.CACHE_CONTROL, "private, max-age=0, must-revalidate");
        String ifNoneMatch = call.request().getHeaders().get(HttpHeader.IF_NONE_MATCH);
        if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.strip().equals("*"))) {
            call.response().setStatus(304);
            return;
        }
        long size = file.size();
        long start = 0;
        long end = size;
        String range = call.request().getHeaders().get(HttpHeader.RANGE);
        String ifRange = call.request().getHeaders().get(HttpHeader.IF_RANGE);
        boolean partial = false;
        if (range != null && (ifRange == null || ifRange.equals(etag))) {
            long[] r = ByteRange.parse(range, size);
            if (r != null && r.length == 0) {
                headers.put(HttpHeader.CONTENT_RANGE, "bytes */" + size);
                throw new HfError(416, null, "range %s is outside the %d bytes of %s", range, size, path);
            }
            if (r != null) {
                partial = true;
                start = r[0];
                end = r[1];
            }
        }
        headers.put(HttpHeader.CONTENT_TYPE, file.mediaType());
        headers.put(HttpHeader.CONTENT_LENGTH, end - start);
        if (partial) {
            headers.put(HttpHeader.CONTENT_RANGE, "bytes " + start + "-" + (end - 1) + "/" + size);
        }
        call.response().setStatus(partial ? 206 : 200);
        if (call.head()) {
            return;
        }
        try (InputStream in = partial ? call.registry().openArtifact(v.reference(), path, start, end - start)
                : call.registry().openArtifact(v.reference(), path);
             OutputStream out = Content.Sink.asOutputStream(call.response())) {
            byte[] buffer = new byte[BUFFER];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        }
    }
}
