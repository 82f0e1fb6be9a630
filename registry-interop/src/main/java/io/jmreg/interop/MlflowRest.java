package io.jmreg.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmreg.api.exceptions.InvalidArtifactException;
import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.api.exceptions.StorageException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parts of MLflow's REST API an import needs: registered models and their versions (paged), a run's metrics and
 * parameters, and a version's files through {@code get-download-uri} and the artifact proxy
 * ({@code mlflow-artifacts:/...}) or the run's artifact listing ({@code runs:/...}).
 */
final class MlflowRest {
    private static final ObjectMapper JSON = InteropJson.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build(); // Python's json writes NaN and Infinity bare
    private final SafeHttp http;
    private final String base;

    MlflowRest(String trackingUri, String token) {
        this.base = trackingUri.endsWith("/") ? trackingUri.substring(0, trackingUri.length() - 1) : trackingUri;
        this.http = new SafeHttp(base, token);
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private JsonNode get(String pathAndQuery) {
        URI uri = URI.create(base + pathAndQuery);
        HttpResponse<InputStream> r = http.send("GET", uri, Map.of("Accept", "application/json"), true);
        try (InputStream in = r.body()) {
            byte[] body = in.readNBytes(64 << 20);
            if (r.statusCode() >= 400) {
                throw new RegistryException("MLflow %s answered HTTP %d: %s", uri, r.statusCode(),
                        new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8));
            }
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new StorageException(e, "cannot read %s: %s", uri, e.getMessage());
        }
    }

    List<MlflowSource.Model> models() {
        List<MlflowSource.Model> out = new ArrayList<>();
        String token = null;
        do {
            JsonNode page = get("/api/2.0/mlflow/registered-models/search?max_results=100"
                    + (token == null ? "" : "&page_token=" + q(token)));
            for (JsonNode m : page.path("registered_models")) {
                Map<String, String> aliases = new TreeMap<>();
                m.path("aliases").forEach(a -> aliases.put(a.path("alias").asText(), a.path("version").asText()));
                out.add(new MlflowSource.Model(m.path("name").asText(), m.path("description").asText(null),
                        millis(m, "creation_timestamp"), millis(m, "last_updated_timestamp"), keyValues(m.path("tags")),
                        aliases, Map.of()));
            }
            token = page.path("next_page_token").asText(null);
        } while (token != null && !token.isEmpty());
        return out;
    }

    /** A model's versions in MLflow's order; those not READY carry the reason they are skipped. */
    List<MlflowSource.Version> versions(String model) {
        List<MlflowSource.Version> out = new ArrayList<>();
        String token = null;
        do {
            JsonNode page = get("/api/2.0/mlflow/model-versions/search?max_results=200&filter="
                    + q("name='" + model.replace("'", "\\'") + "'") + (token == null ? "" : "&page_token=" + q(token)));
            for (JsonNode v : page.path("model_versions")) {
                String status = v.path("status").asText("READY");
                Map<String, String> other = new TreeMap<>();
                for (String f : List.of("run_link", "status_message")) {
                    if (!v.path(f).asText("").isBlank()) {
                        other.put(f, v.path(f).asText());
                    }
                }
                out.add(new MlflowSource.Version(v.path("version").asText(), v.path("current_stage").asText("None"),
                        v.path("description").asText(null), v.path("user_id").asText(null),
                        millis(v, "creation_timestamp"), millis(v, "last_updated_timestamp"), v.path("source").asText(""),
                        v.path("run_id").asText(null), keyValues(v.path("tags")), null, null,
                        "READY".equals(status) ? null : "status " + status, null, other));
            }
            token = page.path("next_page_token").asText(null);
        } while (token != null && !token.isEmpty());
        out.sort((a, b) -> Long.compare(Long.parseLong(a.number()), Long.parseLong(b.number())));
        return out;
    }

    /** A run: its information, latest metrics (NaN and infinities kept), parameters and tags. */
    MlflowSource.Run run(String runId) {
        JsonNode run = get("/api/2.0/mlflow/runs/get?run_id=" + q(runId)).path("run");
        JsonNode info = run.path("info");
        JsonNode data = run.path("data");
        Map<String, Double> metrics = new TreeMap<>();
        data.path("metrics").forEach(m -> metrics.put(m.path("key").asText(), value(m.path("value"))));
        List<String> notKept = new ArrayList<>();
        if (!metrics.isEmpty()) {
            notKept.add("metric history of run " + runId + " (runs/get gives the latest value of each metric, which is "
                    + "kept; earlier values are not read)");
        }
        if (run.path("inputs").path("dataset_inputs").size() > 0) {
            notKept.add("run " + runId + ": dataset inputs (" + run.path("inputs").path("dataset_inputs").size()
                    + ") are not read");
        }
        return new MlflowSource.Run(runId, info.path("run_name").asText(""), info.path("user_id").asText(""),
                info.path("status").asText(null), millis(info, "start_time"), millis(info, "end_time"),
                info.path("experiment_id").asText(null), info.path("artifact_uri").asText(null), keyValues(data.path("tags")),
                keyValues(data.path("params")), metrics, 0, Map.of(), notKept);
    }

    /** A metric value: a number, or (protobuf's JSON) the strings NaN, Infinity, -Infinity. */
    private static double value(JsonNode v) {
        return v.isNumber() ? v.asDouble() : MlflowSource.number(v.asText());
    }

    private static Long millis(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isMissingNode() || v.isNull() ? null : MlflowSource.millis(v.asText());
    }

    private static Map<String, String> keyValues(JsonNode list) {
        Map<String, String> out = new TreeMap<>();
        list.forEach(t -> out.put(t.path("key").asText(), t.path("value").asText()));
        return out;
    }

    /** Downloads the files of a version into {@code target}, keeping their relative paths inside it. */
    void downloadArtifacts(String model, String version, Path target) throws IOException {
        String uri = get("/api/2.0/mlflow/model-versions/get-download-uri?name=" + q(model) + "&version=" + q(version))
                .path("artifact_uri").asText("");
        String prefix = "mlflow-artifacts:/";
        if (!uri.startsWith(prefix)) {
            throw new InvalidArtifactException("MLflow stores %s version %s at %s: only the artifact proxy "
                    + "(mlflow-artifacts:/) is read over HTTP", model, version, uri);
        }
        download(uri.substring(prefix.length()).replaceAll("^/+", ""), "", target);
    }

    private void download(String root, String relative, Path target) throws IOException {
        String listed = relative.isEmpty() ? root : root + "/" + relative;
        for (JsonNode f : get("/api/2.0/mlflow-artifacts/artifacts?path=" + q(listed)).path("files")) {
            String name = f.path("path").asText();
            String child = relative.isEmpty() ? name : relative + "/" + name;
            Path local = target.resolve(child).normalize();
            if (!local.startsWith(target) || name.contains("/") && name.contains("..")) {
                throw new InvalidArtifactException("MLflow artifact path '%s' leaves the download directory", child);
            }
            if (f.path("is_dir").asBoolean()) {
                download(root, child, target);
                continue;
            }
            URI uri = URI.create(base + "/api/2.0/mlflow-artifacts/artifacts/" + LocalFiles.encodePath(root + "/" + child));
            HttpResponse<InputStream> r = http.send("GET", uri, Map.of(), true);
            try (InputStream in = r.body()) {
                if (r.statusCode() != 200) {
                    throw new RegistryException("MLflow %s answered HTTP %d", uri, r.statusCode());
                }
                Files.createDirectories(local.getParent());
                Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
            }
            long size = f.path("file_size").asLong(-1);
            if (size >= 0 && Files.size(local) != size) {
                throw new InvalidArtifactException("MLflow artifact %s has %d bytes, %d announced", child, Files.size(local),
                        size);
            }
        }
    }
}
