package io.jmreg.core.format;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jmreg.api.audit.AuditCheckpoint;
import io.jmreg.api.signing.SigningKeys;
import io.jmreg.core.blobs.Sha256;
import io.jmreg.core.signing.Ed25519;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackends;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The golden store of every stored document ({@code src/test/resources/golden/format-1-documents}, written once by
 * {@link GoldenDocumentsGenerator}, never regenerated) loaded into a fresh named {@code mem:} store, as it is or as a
 * later library might have written it: with unknown newer fields in every document.
 */
public final class GoldenDocumentsStore {
    /** The golden store. */
    public static final Path STORE = Path.of("src/test/resources/golden/format-1-documents");
    /** The audit signing key pair the golden checkpoint was signed with (a test key, committed on purpose). */
    static final Path KEY_PAIR = Path.of("src/test/resources/golden/keys/format-1-documents-audit.key");
    /** Its public key. */
    static final Path PUBLIC_KEY = Path.of("src/test/resources/golden/keys/format-1-documents-audit.pub");
    private static final String FUTURE = "field_from_the_future";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GoldenDocumentsStore() {
    }

    /** The committed public key. */
    public static PublicKey publicKey() {
        return SigningKeys.readPublicKey(PUBLIC_KEY);
    }

    /** Loads the golden store as it is, without the keys {@code skip} accepts; returns the store's URI. */
    public static String load(Predicate<String> skip) throws IOException {
        return load(skip, false);
    }

    /**
     * Loads the golden store without the keys {@code skip} accepts; with {@code futureFields}, every stored JSON
     * document but the model logs (pinned by the audit trail's digests; {@code StoredFormatGoldenTest} covers them)
     * and the access policy (read strictly on purpose) gets unknown newer fields: the audit chain is re-chained over
     * the changed lines and its checkpoint re-signed with the golden key, as a later library would have written them.
     */
    public static String load(Predicate<String> skip, boolean futureFields) throws IOException {
        String uri = "mem:golden-documents-" + UUID.randomUUID();
        Map<String, byte[]> objects = new TreeMap<>();
        try (Stream<Path> files = Files.walk(STORE)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String key = STORE.relativize(f).toString().replace('\\', '/');
                if (!skip.test(key)) {
                    objects.put(key, Files.readAllBytes(f));
                }
            }
        }
        if (futureFields) {
            addFutureFields(objects);
        }
        try (StorageBackend backend = StorageBackends.open(uri, Map.of())) {
            objects.forEach(backend::putBytes);
        }
        return uri;
    }

    /** The lines of the audit chain as stored in {@code uri}, oldest first. */
    public static List<String> auditLines(String uri) {
        List<String> lines = new ArrayList<>();
        try (StorageBackend backend = StorageBackends.open(uri, Map.of())) {
            for (String block : backend.listChildren("audit/chain/")) {
                lines.addAll(new String(backend.getBytes("audit/chain/" + block), StandardCharsets.UTF_8).lines().toList());
            }
        }
        return lines;
    }

    /** Whether an object is stored at {@code key} in {@code uri}. */
    public static boolean exists(String uri, String key) {
        try (StorageBackend backend = StorageBackends.open(uri, Map.of())) {
            return backend.stat(key).isPresent();
        }
    }

    private static void addFutureFields(Map<String, byte[]> objects) throws IOException {
        List<String> chain = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : objects.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("models/") || key.startsWith("access/policy/")) {
                continue;
            }
            if (key.startsWith("audit/chain/")) {
                chain.add(key);
            } else if (key.endsWith(".json.gz")) {
                e.setValue(gzip(future(gunzip(e.getValue()))));
            } else if (key.endsWith(".json")) {
                e.setValue(future(e.getValue()));
            }
        }
        String prev = "0".repeat(64);
        Map<Long, String> hashes = new TreeMap<>();
        for (String block : chain) { // names sort in block order
            StringBuilder out = new StringBuilder();
            for (String line : new String(objects.get(block), StandardCharsets.UTF_8).lines().toList()) {
                ObjectNode entry = (ObjectNode) MAPPER.readTree(line);
                entry.put("prev", prev);
                entry.putObject(FUTURE).putArray("x").add(1).add(2);
                String written = MAPPER.writeValueAsString(entry);
                prev = Sha256.of(written.getBytes(StandardCharsets.UTF_8));
                hashes.put(entry.get("seq").asLong(), prev);
                out.append(written).append('\n');
            }
            objects.put(block, out.toString().getBytes(StandardCharsets.UTF_8));
        }
        KeyPair keys = SigningKeys.readKeyPair(KEY_PAIR);
        for (Map.Entry<String, byte[]> e : objects.entrySet()) {
            if (e.getKey().startsWith("audit/checkpoints/")) {
                ObjectNode doc = (ObjectNode) MAPPER.readTree(e.getValue());
                AuditCheckpoint resealed = new AuditCheckpoint(doc.get("seq").asLong(),
                        hashes.get(doc.get("seq").asLong()), Instant.parse(doc.get("at").asText()),
                        doc.get("key_id").asText(), "");
                doc.put("entry_hash", resealed.entryHash());
                doc.put("signature", Ed25519.sign(keys.getPrivate(), resealed.signedText()));
                e.setValue(MAPPER.writeValueAsBytes(doc));
            }
        }
    }

    /** A JSON document with an unknown field in its top-level object or in each object of its top-level array. */
    private static byte[] future(byte[] json) {
        String text = new String(json, StandardCharsets.UTF_8);
        String field = "\"" + FUTURE + "\":{\"x\":[1,2]},";
        if (text.equals("{}")) {
            return ("{" + field.substring(0, field.length() - 1) + "}").getBytes(StandardCharsets.UTF_8);
        }
        String changed = text.startsWith("[")
                ? text.replace("[{\"", "[{" + field + "\"").replace("},{\"", "},{" + field + "\"")
                : text.replace("\"models\":[{\"", "\"models\":[{" + field + "\"").replaceFirst("^\\{", "{" + field);
        if (changed.equals(text)) {
            throw new IllegalStateException("no field added to " + text);
        }
        return changed.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gunzip(byte[] bytes) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
