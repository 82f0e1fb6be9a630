package io.jmreg.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmreg.api.exceptions.IntegrityException;
import io.jmreg.api.exceptions.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file downloaded so that it survives interruptions and process restarts: the bytes go to {@code <file>.part},
 * beside a small state file (URL, commit, ETag, size, expected digest). A later attempt with the same state re-hashes
 * the part and asks only for the rest ({@code Range} with {@code If-Range}); it accepts only a 206 whose
 * {@code Content-Range} starts where it asked, and starts over on a 200 or a changed ETag. The whole file is verified
 * (SHA-256, or the git blob SHA-1 of a small file) before it is moved into place.
 */
final class ResumableDownload {
    private static final Logger LOG = LoggerFactory.getLogger(ResumableDownload.class);
    private static final ObjectMapper JSON = InteropJson.mapper();
    private static final int ATTEMPTS = 5;
    private final SafeHttp http;

    /**
     * The file to fetch.
     *
     * @param uri      its address
     * @param commit   the commit it belongs to (part of the state), or null
     * @param etag     its ETag, or null
     * @param size     its size
     * @param sha256   expected SHA-256, or null
     * @param gitOid   expected git blob SHA-1 when there is no SHA-256, or null
     */
    record Source(URI uri, String commit, String etag, long size, String sha256, String gitOid) {
    }

    /** A downloaded file whose git blob SHA-1 is not the one the hub listed. */
    static final class GitBlobMismatch extends IntegrityException {
        private static final long serialVersionUID = 1L;

        GitBlobMismatch(String file, String expected, String actual) {
            super(file, expected, actual, "integrity check failed for '%s': expected git blob sha1 %s but the "
                    + "downloaded bytes hash to %s", file, expected, actual);
        }
    }

    ResumableDownload(SafeHttp http) {
        this.http = http;
    }

    /**
     * Downloads {@code source} to {@code target} (verified), resuming a part left by an earlier attempt.
     *
     * @param fetched told of every byte count fetched from the network
     * @return bytes fetched by this call
     */
    long fetch(Source source, Path target, LongConsumer fetched) throws IOException {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        Path state = target.resolveSibling(target.getFileName() + ".part.json");
        Files.createDirectories(target.getParent());
        Map<String, Object> wanted = new LinkedHashMap<>();
        wanted.put("url", source.uri().toString());
        wanted.put("commit", source.commit());
        wanted.put("etag", source.etag());
        wanted.put("size", source.size());
        wanted.put("sha256", source.sha256());
        wanted.put("git_oid", source.gitOid());
        MessageDigest md = newDigest(source);
        long offset = 0;
        if (source.size() >= 0 && Files.isRegularFile(part) && Files.isRegularFile(state) && sameState(state, wanted)
                && Files.size(part) <= source.size()) {
            offset = rehash(part, md);
            LOG.info("resuming {} at byte {} of {}", source.uri(), offset, source.size());
        } else {
            Files.deleteIfExists(part);
            Files.write(state, JSON.writeValueAsBytes(wanted));
        }
        LongAdder fetchedNow = new LongAdder();
        LongConsumer counting = n -> {
            fetchedNow.add(n); // every byte received, a broken-off attempt's included
            fetched.accept(n);
        };
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS && (offset < source.size() || source.size() < 0 || attempt == 1); attempt++) {
            try {
                long[] progress = {offset};
                boolean restarted = transfer(source, part, md, progress, counting);
                if (restarted) {
                    LOG.warn("{} ignored the range or changed: downloaded again from the start", source.uri());
                }
                offset = progress[0];
                last = null;
                break;
            } catch (IOException e) {
                last = e;
                offset = Files.isRegularFile(part) ? Files.size(part) : 0;
                md = newDigest(source);
                offset = offset > 0 ? rehash(part, md) : 0;
                LOG.warn("download of {} broke off at byte {} ({}); attempt {} of {}", source.uri(), offset, e.toString(),
                        attempt, ATTEMPTS);
            }
        }
        if (last != null) {
            throw last;
        }
        String actual = HexFormat.of().formatHex(md.digest());
        String expected = source.sha256() != null ? source.sha256() : source.gitOid();
        long size = Files.size(part);
        if ((expected != null && !expected.equals(actual)) || (source.size() >= 0 && size != source.size())) {
            Files.deleteIfExists(part);
            Files.deleteIfExists(state);
            String got = actual + (size != source.size() ? " (" + size + " of " + source.size() + " bytes)" : "");
            if (source.sha256() == null) {
                throw new GitBlobMismatch(source.uri().toString(), expected, got);
            }
            throw new IntegrityException(source.uri().toString(), expected, got);
        }
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.deleteIfExists(state);
        return fetchedNow.sum();
    }

    /** One request from {@code progress[0]}; true when the server sent the whole file instead (started over). */
    private boolean transfer(Source source, Path part, MessageDigest md, long[] progress, LongConsumer fetched)
            throws IOException {
        long offset = progress[0];
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept-Encoding", "identity");
        if (offset > 0) {
            headers.put("Range", "bytes=" + offset + "-");
            if (source.etag() != null) {
                headers.put("If-Range", source.etag());
            }
        }
        boolean[] restart = {false};
        FileSink[] sink = {null};
        HttpResponse.BodyHandler<Long> handler = info -> {
            int status = info.statusCode();
            try {
                if (offset > 0 && status == 206) {
                    String range = info.headers().firstValue("Content-Range").orElse("");
                    if (!range.startsWith("bytes " + offset + "-")) {
                        return failed(new IOException("asked for bytes from " + offset + " and got range '" + range + "'"));
                    }
                    sink[0] = new FileSink(part, offset, md, source.size(), fetched);
                    return sink[0];
                }
                if (status == 200) {
                    restart[0] = offset > 0;
                    md.reset();
                    if (source.gitOid() != null && source.sha256() == null) {
                        md.update(("blob " + source.size() + "\0").getBytes(StandardCharsets.US_ASCII));
                    }
                    sink[0] = new FileSink(part, 0, md, source.size(), fetched);
                    return sink[0];
                }
            } catch (IOException e) {
                return failed(e);
            }
            return HttpResponse.BodySubscribers.replacing(-1L - status); // no body wanted: the status says it
        };
        HttpResponse<Long> r;
        try {
            r = http.send("GET", source.uri(), headers, true, handler);
        } catch (IOException | RuntimeException e) {
            if (sink[0] != null) {
                sink[0].settle(); // the client can fail the request before the writer has written what arrived
            }
            throw e;
        }
        long reached = r.body();
        if (reached < 0) {
            int status = (int) (-1L - reached);
            if (status == 416 && offset == source.size()) {
                return false; // everything was there already
            }
            throw new StorageException("%s answered HTTP %d", source.uri(), status);
        }
        progress[0] = reached;
        if (source.size() >= 0 && reached < source.size()) {
            throw new IOException("the body ended at byte " + reached + " of " + source.size());
        }
        return restart[0];
    }

    private static HttpResponse.BodySubscriber<Long> failed(IOException e) {
        HttpResponse.BodySubscriber<Long> discard = HttpResponse.BodySubscribers.replacing(0L);
        return HttpResponse.BodySubscribers.mapping(discard, ignored -> {
            throw new UncheckedIOException(e);
        });
    }

    private static boolean sameState(Path state, Map<String, Object> wanted) {
        try {
            return JSON.readValue(Files.readAllBytes(state), Map.class).equals(JSON.readValue(JSON.writeValueAsBytes(wanted),
                    Map.class));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static long rehash(Path part, MessageDigest md) throws IOException {
        long n = 0;
        try (InputStream in = Files.newInputStream(part)) {
            byte[] buffer = new byte[1 << 20];
            int r;
            while ((r = in.read(buffer)) > 0) {
                md.update(buffer, 0, r);
                n += r;
            }
        }
        return n;
    }

    private static MessageDigest newDigest(Source source) {
        if (source.sha256() == null && source.gitOid() != null) {
            MessageDigest md = LocalFiles.digest("SHA-1"); // git's blob id: sha1("blob <size>\0" + content)
            md.update(("blob " + source.size() + "\0").getBytes(StandardCharsets.US_ASCII));
            return md;
        }
        return LocalFiles.digest("SHA-256");
    }
}
