package io.jmreg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jmreg.api.Registration;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.model.Architecture;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.ModelInfo;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.signing.SignatureOptions;
import io.jmreg.api.signing.SigningKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OCI Distribution API's protocol over HTTP: the bearer challenge and token flow, ModelPack manifests checked
 * against the image-spec 1.1 schemas and deterministic, blobs with ranges, tag paging, referrers, chunked and
 * monolithic pushes, refused manifests, and authorization and audit through the registry.
 */
class OciDistributionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODELPACK = "application/vnd.cncf.model.manifest.v1+json";
    private final OciSchema schema = new OciSchema();
    @TempDir
    Path temp;
    private final TestServers servers = new TestServers();
    private TestServers.Running running;
    private final HttpClient http = HttpClient.newHttpClient();
    private byte[] weights;
    private String base;

    @BeforeEach
    void start() throws Exception {
        running = servers.start(temp, r -> r.signatures(SignatureOptions.signingWith(SigningKeys.generate())), b -> b);
        base = running.server().uri();
        weights = new byte[200_000];
        new Random(5).nextBytes(weights);
        Path dir = Files.createDirectories(temp.resolve("art"));
        Files.write(dir.resolve("weights.bin"), weights);
        Files.writeString(dir.resolve("config.json"), "{\"hidden\": 8}");
        Files.writeString(dir.resolve("README.md"), "# m\n");
        running.registry().registerModel(Registration.builder("org/m").version("1.0.0").artifacts(dir)
                .modelInfo(new ModelInfo(null, null, 125_000_000L, null, new Architecture("bert", 2, 8, 2, 100, 64),
                        null, null, null, null, null, null)).build());
        running.registry().setAlias("org/m", "production", "1.0.0");
    }

    @AfterEach
    void stop() throws Exception {
        servers.closeAll();
    }

    private HttpResponse<byte[]> call(String method, String path, String token, byte[] body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return call("GET", path, TestServers.ALICE_TOKEN, null);
    }

    private static void assertOciError(HttpResponse<byte[]> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(status);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("errors").get(0).path("code").asText()).isEqualTo(code);
        assertThat(body.path("errors").get(0).path("message").asText()).isNotBlank();
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void clientsLogInThroughTheBearerChallengeWithTheServersTokens() throws Exception {
        HttpResponse<byte[]> anonymous = call("GET", "/v2/", null, null);
        assertOciError(anonymous, 401, "UNAUTHORIZED");
        String challenge = anonymous.headers().firstValue("WWW-Authenticate").orElseThrow();
        assertThat(challenge).isEqualTo("Bearer realm=\"" + base + "/v2/token\",service=\"jmreg\"");
        assertThat(call("GET", "/v2/org/m/manifests/1.0.0", null, null).headers().firstValue("WWW-Authenticate")
                .orElseThrow()).endsWith(",scope=\"repository:org/m:pull\"");
        String basic = "Basic " + Base64.getEncoder().encodeToString(("alice:" + TestServers.ALICE_TOKEN)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> token = call("GET", base + "/v2/token?service=jmreg&scope=repository:org/m:pull", null,
                null, "Authorization", basic);
        assertThat(token.statusCode()).isEqualTo(200);
        String issued = JSON.readTree(token.body()).path("token").asText();
        assertThat(call("GET", "/v2/", issued, null).statusCode()).isEqualTo(200);
        assertThat(call("GET", "/v2/org/m/manifests/1.0.0", null, null, "Authorization", basic).statusCode())
                .as("Basic credentials work directly too").isEqualTo(200);
        String wrong = "Basic " + Base64.getEncoder().encodeToString("alice:jmr_wrong".getBytes(StandardCharsets.UTF_8));
        assertOciError(call("GET", "/v2/token", null, null, "Authorization", wrong), 401, "UNAUTHORIZED");
        assertOciError(call("GET", "/v2/", "jmr_wrong", null), 401, "UNAUTHORIZED");
    }

    @Test
    void manifestsAreModelPackArtifactsThatFollowTheImageSpecAndNeverChange() throws Exception {
        HttpResponse<byte[]> byTag = get("/v2/org/m/manifests/1.0.0");
        assertThat(byTag.statusCode()).isEqualTo(200);
        assertThat(byTag.headers().firstValue("Content-Type")).hasValue("application/vnd.oci.image.manifest.v1+json");
        String digest = "sha256:" + sha256(byTag.body());
        assertThat(byTag.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
        JsonNode m = JSON.readTree(byTag.body());
        assertThat(schema.validate("image-manifest-schema.json", m)).isEmpty();
        assertThat(m.path("artifactType").asText()).isEqualTo(MODELPACK);
        assertThat(m.path("config").path("mediaType").asText()).isEqualTo("application/vnd.cncf.model.config.v1+json");
        ModelVersion v = running.registry().resolve("org/m:1.0.0");
        assertThat(m.path("layers")).extracting(l -> l.path("annotations").path("org.opencontainers.image.title").asText()
                + " " + l.path("mediaType").asText() + " " + l.path("digest").asText() + " " + l.path("size").asLong())
                .containsExactly(v.artifacts().files().stream().map(f -> f.path() + " " + switch (f.path()) {
                    case "README.md" -> "application/vnd.cncf.model.doc.v1.raw";
                    case "config.json" -> "application/vnd.cncf.model.weight.config.v1.raw";
                    default -> "application/vnd.cncf.model.weight.v1.raw";
                } + " sha256:" + f.sha256() + " " + f.size()).toArray(String[]::new));

        HttpResponse<byte[]> config = get("/v2/org/m/blobs/" + m.path("config").path("digest").asText());
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body().length).isEqualTo(m.path("config").path("size").asInt());
        assertThat("sha256:" + sha256(config.body())).isEqualTo(m.path("config").path("digest").asText());
        JsonNode c = JSON.readTree(config.body());
        assertThat(c.path("descriptor").path("name").asText()).isEqualTo("org/m");
        assertThat(c.path("descriptor").path("version").asText()).isEqualTo("1.0.0");
        assertThat(c.path("descriptor").path("family").asText()).isEqualTo("bert");
        assertThat(c.path("descriptor").path("createdAt").asText()).isEqualTo(v.created().truncatedTo(
                ChronoUnit.MILLIS).toString());
        assertThat(c.path("config").path("paramSize").asText()).isEqualTo("125m");
        assertThat(c.path("modelfs").path("type").asText()).isEqualTo("layers");
        assertThat(c.path("modelfs").path("diff_ids")).hasSize(3);

        // the same version, by alias, by digest, after changes of mutable fields and on a new server: the same bytes
        running.registry().updateMetrics("org/m:1.0.0", Map.of("acc", 0.9));
        running.registry().updateTags("org/m:1.0.0", Set.of("x"), Set.of());
        assertThat(get("/v2/org/m/manifests/production").body()).isEqualTo(byTag.body());
        assertThat(get("/v2/org/m/manifests/" + digest).body()).isEqualTo(byTag.body());
        try (RegistryServer again = RegistryServer.start(ServerOptions.builder(running.registry(),
                Tokens.of(Map.of(TestServers.ALICE_TOKEN, "alice"))).port(0).uploadDirectory(temp.resolve("u2")).build())) {
            HttpResponse<byte[]> fresh = call("GET", again.uri() + "/v2/org/m/manifests/1.0.0", TestServers.ALICE_TOKEN,
                    null);
            assertThat(fresh.body()).isEqualTo(byTag.body());
        }
        assertThat(get("/v2/org/m/manifests/latest").body()).as("latest: the newest version").isEqualTo(byTag.body());
        assertOciError(get("/v2/org/m/manifests/nosuchalias"), 404, "MANIFEST_UNKNOWN");
        assertOciError(get("/v2/org/m/manifests/9.9.9"), 404, "MANIFEST_UNKNOWN");
        assertOciError(get("/v2/org/m/manifests/sha256:" + "0".repeat(64)), 404, "MANIFEST_UNKNOWN");
        assertOciError(get("/v2/org/none/manifests/1.0.0"), 404, "NAME_UNKNOWN");

        // the checker is not a rubber stamp
        ObjectNode broken = (ObjectNode) m.deepCopy();
        ((ObjectNode) broken.path("layers").get(0)).remove("size");
        broken.put("artifactType", "not a media type");
        assertThat(schema.validate("image-manifest-schema.json", broken)).hasSize(2);
    }

    @Test
    void blobsAreTheStoresFilesWithRanges() throws Exception {
        ArtifactFile f = running.registry().resolve("org/m:1.0.0").artifacts().file("weights.bin").orElseThrow();
        String path = "/v2/org/m/blobs/sha256:" + f.sha256();
        HttpResponse<byte[]> whole = get(path);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(weights);
        assertThat(whole.headers().firstValue("Docker-Content-Digest")).hasValue("sha256:" + f.sha256());
        HttpResponse<byte[]> part = call("GET", path, TestServers.ALICE_TOKEN, null, "Range", "bytes=1000-1999");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 1000-1999/" + weights.length);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(weights, 1000, 2000));
        HttpResponse<byte[]> head = call("HEAD", path, TestServers.ALICE_TOKEN, null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValueAsLong("Content-Length")).hasValue(weights.length);
        HttpResponse<byte[]> outside = call("GET", path, TestServers.ALICE_TOKEN, null, "Range", "bytes=900000-");
        assertOciError(outside, 416, "BLOB_UNKNOWN");
        assertThat(outside.headers().firstValue("Content-Range")).hasValue("bytes */" + weights.length);
        assertOciError(get("/v2/org/m/blobs/sha256:" + "1".repeat(64)), 404, "BLOB_UNKNOWN");
        assertOciError(get("/v2/org/m/blobs/md5:abc"), 404, "BLOB_UNKNOWN");
        List<AuditEntry> reads = running.registry().audit().query(new AuditQuery("alice", "open_artifact", null, null,
                null, 0));
        // as for the REST API: every read served to the caller is audited, also the ranged one the server's verified
        // cache served (the bytes leave the host); the HEAD is not a read of bytes
        assertThat(reads).hasSize(2).allSatisfy(e -> assertThat(e.details()).containsEntry("protocol", "oci")
                .containsEntry("source", "127.0.0.1").containsEntry("path", "weights.bin").containsKey("client"));
    }

    @Test
    void tagsAreVersionsAndAliasesPagedWithLinks() throws Exception {
        for (String version : List.of("1.1.0", "2.0.0+build.5")) {
            running.registry().registerModel(Registration.builder("org/m").version(version).build());
        }
        running.registry().setAlias("org/m", "staging", "1.1.0");
        HttpResponse<byte[]> all = get("/v2/org/m/tags/list");
        assertThat(JSON.readTree(all.body()).path("name").asText()).isEqualTo("org/m");
        assertThat(JSON.readTree(all.body()).path("tags")).extracting(JsonNode::asText)
                .containsExactly("1.0.0", "1.1.0", "2.0.0_build.5", "production", "staging");
        HttpResponse<byte[]> first = get("/v2/org/m/tags/list?n=2");
        assertThat(JSON.readTree(first.body()).path("tags")).extracting(JsonNode::asText).containsExactly("1.0.0", "1.1.0");
        String link = first.headers().firstValue("Link").orElseThrow();
        assertThat(link).isEqualTo("</v2/org/m/tags/list?n=2&last=1.1.0>; rel=\"next\"");
        HttpResponse<byte[]> second = get(link.substring(1, link.indexOf('>')));
        assertThat(JSON.readTree(second.body()).path("tags")).extracting(JsonNode::asText)
                .containsExactly("2.0.0_build.5", "production");
        HttpResponse<byte[]> third = get("/v2/org/m/tags/list?n=2&last=production");
        assertThat(JSON.readTree(third.body()).path("tags")).extracting(JsonNode::asText).containsExactly("staging");
        assertThat(third.headers().firstValue("Link")).isEmpty();
        HttpResponse<byte[]> build = get("/v2/org/m/manifests/2.0.0_build.5");
        assertThat(JSON.readTree(build.body()).path("annotations").path("org.opencontainers.image.version").asText())
                .isEqualTo("2.0.0+build.5");
        assertThat(schema.validate("image-manifest-schema.json", JSON.readTree(build.body())))
                .as("a version without files has the empty layer").isEmpty();
        assertOciError(get("/v2/org/none/tags/list"), 404, "NAME_UNKNOWN");
    }

    @Test
    void aSignedVersionsSignatureIsItsReferrer() throws Exception {
        HttpResponse<byte[]> manifest = get("/v2/org/m/manifests/1.0.0");
        String digest = manifest.headers().firstValue("Docker-Content-Digest").orElseThrow();
        HttpResponse<byte[]> referrers = get("/v2/org/m/referrers/" + digest);
        assertThat(referrers.statusCode()).isEqualTo(200);
        assertThat(referrers.headers().firstValue("Content-Type")).hasValue("application/vnd.oci.image.index.v1+json");
        JsonNode index = JSON.readTree(referrers.body());
        assertThat(schema.validate("image-index-schema.json", index)).isEmpty();
        assertThat(index.path("manifests")).hasSize(1);
        JsonNode d = index.path("manifests").get(0);
        assertThat(d.path("artifactType").asText()).isEqualTo("application/vnd.jmreg.signature.v1+json");
        JsonNode sig = JSON.readTree(get("/v2/org/m/manifests/" + d.path("digest").asText()).body());
        assertThat(schema.validate("image-manifest-schema.json", sig)).isEmpty();
        assertThat(sig.path("subject").path("digest").asText()).isEqualTo(digest);
        JsonNode blob = JSON.readTree(get("/v2/org/m/blobs/" + sig.path("layers").get(0).path("digest").asText()).body());
        ModelVersion v = running.registry().resolve("org/m:1.0.0");
        assertThat(blob.path("signature").asText()).isEqualTo(v.signature().signature());
        assertThat(blob.path("manifest_digest").asText()).isEqualTo(v.artifacts().digest());
        JsonNode filtered = JSON.readTree(get("/v2/org/m/referrers/" + digest + "?artifactType=application/x-other").body());
        assertThat(filtered.path("manifests")).isEmpty();
        assertThat(JSON.readTree(get("/v2/org/m/referrers/sha256:" + "2".repeat(64)).body()).path("manifests")).isEmpty();
    }

    /** Pushes {@code bytes} in two PATCH chunks and a closing PUT; returns the digest. */
    private String pushChunked(String repo, byte[] bytes, String token) throws Exception {
        HttpResponse<byte[]> started = call("POST", "/v2/" + repo + "/blobs/uploads/", token, null);
        assertThat(started.statusCode()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        int half = bytes.length / 2;
        HttpResponse<byte[]> one = call("PATCH", location, token, Arrays.copyOfRange(bytes, 0, half),
                "Content-Range", "0-" + (half - 1), "Content-Type", "application/octet-stream");
        assertThat(one.statusCode()).isEqualTo(202);
        assertThat(one.headers().firstValue("Range")).hasValue("0-" + (half - 1));
        assertOciError(call("PATCH", location, token, new byte[] {1}, "Content-Range", "5-5"), 416,
                "BLOB_UPLOAD_INVALID");
        HttpResponse<byte[]> two = call("PATCH", location, token, Arrays.copyOfRange(bytes, half, bytes.length),
                "Content-Range", half + "-" + (bytes.length - 1));
        assertThat(two.statusCode()).isEqualTo(202);
        HttpResponse<byte[]> status = call("GET", location, token, null);
        assertThat(status.statusCode()).isEqualTo(204);
        assertThat(status.headers().firstValue("Range")).hasValue("0-" + (bytes.length - 1));
        assertOciError(call("GET", location, TestServers.BOB_TOKEN, null), 404, "BLOB_UPLOAD_UNKNOWN");
        String digest = "sha256:" + sha256(bytes);
        HttpResponse<byte[]> done = call("PUT", location + "?digest=" + digest, token, null);
        assertThat(done.statusCode()).isEqualTo(201);
        assertThat(done.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
        return digest;
    }

    private ObjectNode artifactManifest(String artifactType, Map<String, byte[]> files, String configDigest,
                                        long configSize) throws Exception {
        ObjectNode m = JSON.createObjectNode();
        m.put("schemaVersion", 2).put("mediaType", "application/vnd.oci.image.manifest.v1+json");
        if (artifactType != null) {
            m.put("artifactType", artifactType);
        }
        m.putObject("config").put("mediaType", configDigest == null ? "application/vnd.oci.empty.v1+json"
                        : "application/vnd.oci.image.config.v1+json")
                .put("digest", configDigest == null ? "sha256:" + sha256("{}".getBytes()) : configDigest)
                .put("size", configDigest == null ? 2 : configSize);
        var layers = m.putArray("layers");
        for (var e : files.entrySet()) {
            ObjectNode l = layers.addObject().put("mediaType", "application/octet-stream")
                    .put("digest", "sha256:" + sha256(e.getValue())).put("size", e.getValue().length);
            l.putObject("annotations").put("org.opencontainers.image.title", e.getKey());
        }
        return m;
    }

    @Test
    void aPushedArtifactManifestRegistersAVersionAndImagesAreRefused() throws Exception {
        byte[] big = new byte[100_000];
        new Random(9).nextBytes(big);
        byte[] small = "tokenizer".getBytes(StandardCharsets.UTF_8);
        pushChunked("org/pushed", big, TestServers.ALICE_TOKEN);
        String cancelled = call("POST", "/v2/org/pushed/blobs/uploads/", TestServers.ALICE_TOKEN, null).headers()
                .firstValue("Location").orElseThrow();
        assertThat(call("DELETE", cancelled, TestServers.ALICE_TOKEN, null).statusCode()).isEqualTo(204);
        assertOciError(call("PATCH", cancelled, TestServers.ALICE_TOKEN, small), 404, "BLOB_UPLOAD_UNKNOWN");
        HttpResponse<byte[]> mono = call("POST", "/v2/org/pushed/blobs/uploads/?digest=sha256:" + sha256(small),
                TestServers.ALICE_TOKEN, small);
        assertThat(mono.statusCode()).isEqualTo(201);
        assertThat(call("HEAD", "/v2/org/pushed/blobs/sha256:" + sha256(small), TestServers.ALICE_TOKEN, null)
                .statusCode()).as("a pushed blob exists for its pusher").isEqualTo(200);
        assertThat(call("HEAD", "/v2/org/pushed/blobs/sha256:" + sha256(small), TestServers.BOB_TOKEN, null)
                .statusCode()).as("and for no one else").isEqualTo(404);
        HttpResponse<byte[]> badDigest = call("POST", "/v2/org/pushed/blobs/uploads/?digest=sha256:" + "3".repeat(64),
                TestServers.ALICE_TOKEN, small);
        assertOciError(badDigest, 400, "DIGEST_INVALID");

        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("weights/model.bin", big);
        files.put("tokenizer.txt", small);
        byte[] manifest = JSON.writeValueAsBytes(artifactManifest("application/vnd.example.model", files, null, 0));
        HttpResponse<byte[]> put = call("PUT", "/v2/org/pushed/manifests/1.0.0", TestServers.ALICE_TOKEN, manifest,
                "Content-Type", "application/vnd.oci.image.manifest.v1+json");
        assertThat(put.statusCode()).as(new String(put.body())).isEqualTo(201);
        ModelVersion v = running.registry().resolve("org/pushed:1.0.0");
        assertThat(v.createdBy()).isEqualTo("alice");
        assertThat(v.artifacts().files()).extracting(ArtifactFile::path).containsExactly("tokenizer.txt",
                "weights/model.bin");
        assertThat(running.registry().pull("org/pushed:1.0.0").resolve("weights/model.bin")).hasBinaryContent(big);
        assertThat(put.headers().firstValue("Docker-Content-Digest")).hasValue(get("/v2/org/pushed/manifests/1.0.0")
                .headers().firstValue("Docker-Content-Digest").orElseThrow());
        assertThat(call("PUT", "/v2/org/pushed/manifests/1.0.0", TestServers.ALICE_TOKEN, manifest).statusCode())
                .as("the same push again changes nothing").isEqualTo(201);
        assertThat(running.registry().listVersions("org/pushed")).hasSize(1);

        HttpResponse<byte[]> conflict = call("PUT", "/v2/org/m/manifests/1.0.0", TestServers.ALICE_TOKEN, manifest);
        assertOciError(conflict, 409, "MANIFEST_INVALID");
        assertThat(new String(conflict.body(), StandardCharsets.UTF_8)).as("an existing version with other files")
                .contains("1.0.0");
        assertThat(call("HEAD", "/v2/org/pushed/manifests/1.0.0", TestServers.ALICE_TOKEN, null).statusCode())
                .isEqualTo(200);

        // a tag that is not a version is an alias of the version with these files
        assertThat(call("PUT", "/v2/org/pushed/manifests/candidate", TestServers.ALICE_TOKEN, manifest).statusCode())
                .isEqualTo(201);
        assertThat(running.registry().aliases("org/pushed")).containsEntry("candidate", "1.0.0");
        files.put("extra.txt", small);
        byte[] other = JSON.writeValueAsBytes(artifactManifest("application/vnd.example.model", files, null, 0));
        assertOciError(call("PUT", "/v2/org/pushed/manifests/candidate", TestServers.ALICE_TOKEN, other), 400,
                "MANIFEST_INVALID");

        // refused: a container image, a layer without a title, a blob never pushed, an index
        String imageConfig = "sha256:" + sha256("{}".getBytes());
        HttpResponse<byte[]> image = call("PUT", "/v2/org/pushed/manifests/2.0.0", TestServers.ALICE_TOKEN,
                JSON.writeValueAsBytes(artifactManifest(null, Map.of("a.bin", big), imageConfig, 2)));
        assertOciError(image, 400, "MANIFEST_INVALID");
        assertThat(new String(image.body(), StandardCharsets.UTF_8)).contains("container image");
        ObjectNode untitled = artifactManifest("application/vnd.example.model", Map.of("a.bin", big), null, 0);
        ((ObjectNode) untitled.path("layers").get(0)).remove("annotations");
        assertOciError(call("PUT", "/v2/org/pushed/manifests/2.0.0", TestServers.ALICE_TOKEN,
                JSON.writeValueAsBytes(untitled)), 400, "MANIFEST_INVALID");
        assertOciError(call("PUT", "/v2/org/pushed/manifests/2.0.0", TestServers.ALICE_TOKEN, JSON.writeValueAsBytes(
                artifactManifest("application/vnd.example.model", Map.of("n.bin", new byte[] {7, 7}), null, 0))), 400,
                "MANIFEST_BLOB_UNKNOWN");
        assertOciError(call("PUT", "/v2/org/pushed/manifests/2.0.0", TestServers.ALICE_TOKEN,
                "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}"
                        .getBytes()), 400, "UNSUPPORTED");
        assertThat(running.registry().listVersions("org/pushed")).as("nothing refused was registered").hasSize(1);
    }

    @Test
    void everyRouteIsAuthorizedByThePolicyAndDenialsAreAudited() throws Exception {
        running.registry().access().install(AccessPolicy.builder().grant("admin", "model_admin")
                .grant("viewer", "viewer").grant("alice", "model_developer").build());
        assertThat(call("GET", "/v2/org/m/manifests/production", TestServers.VIEWER_TOKEN, null).statusCode())
                .isEqualTo(200);
        assertOciError(call("GET", "/v2/org/m/manifests/1.0.0", TestServers.BOB_TOKEN, null), 403, "DENIED");
        assertOciError(call("GET", "/v2/org/m/tags/list", TestServers.BOB_TOKEN, null), 403, "DENIED");
        ArtifactFile f = running.registry().as("admin").resolve("org/m:1.0.0").artifacts().files().get(0);
        assertOciError(call("GET", "/v2/org/m/blobs/sha256:" + f.sha256(), TestServers.BOB_TOKEN, null), 403, "DENIED");
        assertOciError(call("GET", "/v2/org/m/blobs/sha256:" + "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f6"
                + "1caaff8a", TestServers.BOB_TOKEN, null), 403, "DENIED");
        assertOciError(call("GET", "/v2/org/m/referrers/sha256:" + f.sha256(), TestServers.BOB_TOKEN, null), 403, "DENIED");

        // the viewer may read but not register, nor move an alias by pushing a tag
        byte[] small = "abc".getBytes(StandardCharsets.UTF_8);
        call("POST", "/v2/org/m/blobs/uploads/?digest=sha256:" + sha256(small), TestServers.VIEWER_TOKEN, small);
        byte[] manifest = JSON.writeValueAsBytes(artifactManifest("application/vnd.example.model",
                Map.of("a.txt", small), null, 0));
        assertOciError(call("PUT", "/v2/org/m/manifests/3.0.0", TestServers.VIEWER_TOKEN, manifest), 403, "DENIED");
        ModelVersion v1 = running.registry().as("admin").resolve("org/m:1.0.0");
        Map<String, byte[]> same = new LinkedHashMap<>();
        for (ArtifactFile file : v1.artifacts().files()) {
            same.put(file.path(), running.registry().as("admin").openArtifact("org/m:1.0.0", file.path()).readAllBytes());
        }
        byte[] v1Manifest = JSON.writeValueAsBytes(artifactManifest("application/vnd.example.model", same, null, 0));
        assertOciError(call("PUT", "/v2/org/m/manifests/staging", TestServers.VIEWER_TOKEN, v1Manifest), 403, "DENIED");
        assertThat(running.registry().as("admin").aliases("org/m")).doesNotContainKey("staging");
        assertThat(call("PUT", "/v2/org/m/manifests/3.0.0", TestServers.ALICE_TOKEN, manifest).statusCode())
                .as("pushing needs create, which alice has (her blob was never pushed: refused for that)")
                .isEqualTo(400);
        List<AuditEntry> denied = running.registry().as("admin").audit().query(new AuditQuery("viewer", null, null, null,
                null, 0));
        assertThat(denied).anySatisfy(e -> {
            assertThat(e.outcome()).isEqualTo(AuditEntry.Outcome.DENIED);
            assertThat(e.action()).isEqualTo("register");
            assertThat(e.details()).containsEntry("protocol", "oci").containsEntry("source", "127.0.0.1");
        });
        assertThat(denied).anySatisfy(e -> {
            assertThat(e.outcome()).isEqualTo(AuditEntry.Outcome.DENIED);
            assertThat(e.action()).isEqualTo("set_alias");
        });
    }

    @Test
    void aPrincipalsPushedBlobsAreBoundedInBytes() throws Exception {
        TestServers.Running small = servers.start(temp.resolve("small"), b -> b.maxUploadBytes(150_000));
        byte[] blob = new byte[100_000];
        new Random(2).nextBytes(blob);
        String first = small.server().uri() + "/v2/x/blobs/uploads/?digest=sha256:" + sha256(blob);
        assertThat(call("POST", first, TestServers.ALICE_TOKEN, blob).statusCode()).isEqualTo(201);
        blob[0]++;
        String second = small.server().uri() + "/v2/x/blobs/uploads/?digest=sha256:" + sha256(blob);
        assertOciError(call("POST", second, TestServers.ALICE_TOKEN, blob), 413, "SIZE_INVALID");
        assertThat(call("POST", second, TestServers.BOB_TOKEN, blob).statusCode()).as("bob's own budget")
                .isEqualTo(201);
    }
}
