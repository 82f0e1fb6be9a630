package io.jmreg.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.model.ModelVersion;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MLflow REST import against a mimic of MLflow's tracking server (search pages, runs, artifact proxy). */
class MlflowServerImportTest {
    @TempDir
    Path temp;
    private HttpServer server;
    private ModelRegistry registry;
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private volatile String evilName;
    private volatile boolean fidelity;

    private static final Map<String, String> FILES = Map.of(
            "1/run1/artifacts/model/model.pkl", "pickle one",
            "1/run1/artifacts/model/sub/notes.txt", "notes",
            "1/run2/artifacts/model/model.pkl", "pickle two");

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        registry = ModelRegistry.open(RegistryOptions.builder("file:" + temp.resolve("store"))
                .cacheDirectory(temp.resolve("cache")).build());
    }

    @AfterEach
    void stop() {
        registry.close();
        server.stop(0);
    }

    private void handle(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        String query = x.getRequestURI().getRawQuery() == null ? "" : URLDecoder.decode(x.getRequestURI().getRawQuery(),
                StandardCharsets.UTF_8);
        paths.add(path + "?" + query);
        String body;
        if (path.equals("/api/2.0/mlflow/registered-models/search")) {
            body = query.contains("page_token=p2")
                    ? "{\"registered_models\": [{\"name\": \"Empty One\"}]}"
                    : "{\"registered_models\": [{\"name\": \"Churn\", \"description\": \"predicts churn\", "
                    + "\"tags\": [{\"key\": \"team\", \"value\": \"retention\"}], \"aliases\": "
                    + "[{\"alias\": \"champion\", \"version\": \"2\"}]}], \"next_page_token\": \"p2\"}";
        } else if (path.equals("/api/2.0/mlflow/model-versions/search")) {
            body = !query.contains("name='Churn'") ? "{\"model_versions\": []}"
                    : "{\"model_versions\": [{\"name\": \"Churn\", \"version\": \"2\", \"current_stage\": \"Staging\", "
                    + "\"source\": \"runs:/run2/model\", \"run_id\": \"run2\", \"status\": \"READY\"}, {\"name\": \"Churn\", "
                    + "\"version\": \"1\", \"current_stage\": \"None\", \"description\": \"baseline\", \"source\": "
                    + "\"runs:/run1/model\", \"run_id\": \"run1\", \"status\": \"READY\", \"tags\": [{\"key\": \"owner\", "
                    + "\"value\": \"ana\"}], \"user_id\": \"ana@example.org\", \"creation_timestamp\": 1700000000000}"
                    + (fidelity ? ", {\"name\": \"Churn\", \"version\": \"3\", \"source\": \"s3://b/3/model\", "
                    + "\"run_id\": \"run3\", \"status\": \"READY\"}" : "") + "]}";
        } else if (path.equals("/api/2.0/mlflow/runs/get")) {
            String run = query.replaceAll(".*run_id=(\\w+).*", "$1");
            body = "{\"run\": {\"info\": {\"run_id\": \"" + run + "\", \"run_name\": \"bold-cat-3\", \"user_id\": \"ana\", "
                    + "\"status\": \"FINISHED\", \"start_time\": 1700000000000, \"artifact_uri\": \"mlflow-artifacts:/1/" + run
                    + "/artifacts\"}, \"data\": {\"metrics\": [{\"key\": \"auc\", \"value\": "
                    + (run.equals("run1") ? "0.8" : "0.85") + ", \"step\": 3}"
                    + (fidelity ? ", {\"key\": \"loss\", \"value\": NaN}, {\"key\": \"drift\", \"value\": \"-Infinity\"}, "
                    + "{\"key\": \"eval/precision\", \"value\": 0.75}" : "")
                    + "], \"params\": [{\"key\": \"depth\", \"value\": \"6\"}"
                    + (fidelity ? ", {\"key\": \"optimizer/lr\", \"value\": \"0.01\"}" : "")
                    + "], \"tags\": [{\"key\": \"mlflow.source.git.commit\", \"value\": \"abc123\"}]}}}";
        } else if (path.equals("/api/2.0/mlflow/model-versions/get-download-uri")) {
            String v = query.replaceAll(".*version=(\\d+).*", "$1");
            body = v.equals("3") ? "{\"artifact_uri\": \"s3://b/3/model\"}"
                    : "{\"artifact_uri\": \"mlflow-artifacts:/1/run" + v + "/artifacts/model\"}";
        } else if (path.equals("/api/2.0/mlflow-artifacts/artifacts")) {
            String dir = query.replaceAll(".*path=([^&]*).*", "$1");
            StringBuilder files = new StringBuilder();
            for (String f : FILES.keySet()) {
                if (f.startsWith(dir + "/")) {
                    String rest = f.substring(dir.length() + 1);
                    String entry = rest.contains("/") ? "{\"path\": \"" + rest.substring(0, rest.indexOf('/'))
                            + "\", \"is_dir\": true}" : "{\"path\": \"" + rest + "\", \"is_dir\": false, \"file_size\": "
                            + FILES.get(f).length() + "}";
                    if (files.indexOf(entry) < 0) {
                        files.append(files.length() == 0 ? "" : ", ").append(entry);
                    }
                }
            }
            if (evilName != null && dir.endsWith("run1/artifacts/model")) {
                files.append(", {\"path\": \"").append(evilName).append("\", \"is_dir\": false, \"file_size\": 1}");
            }
            body = "{\"files\": [" + files + "]}";
        } else if (path.startsWith("/api/2.0/mlflow-artifacts/artifacts/")) {
            String content = FILES.get(path.substring("/api/2.0/mlflow-artifacts/artifacts/".length()));
            byte[] b = (content == null ? "x" : content).getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
            return;
        } else {
            x.sendResponseHeaders(404, -1);
            x.close();
            return;
        }
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(200, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    private String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void modelsVersionsRunsFilesAndAliasesComeOverRest() {
        MlflowImport.Report report = new MlflowImport(registry).fromServer(uri(), null, temp.resolve("work"));
        assertThat(report.registered()).containsExactly("churn:1.0.0", "churn:2.0.0");
        ModelVersion one = registry.resolve("churn:1.0.0");
        assertThat(one.description()).isEqualTo("baseline");
        assertThat(one.metrics()).containsEntry("auc", 0.8);
        assertThat(one.trainingInfo().hyperParameters()).containsEntry("depth", "6");
        assertThat(one.tags()).contains("owner=ana");
        assertThat(one.artifacts().files()).extracting(f -> f.path()).containsExactly("model.pkl", "sub/notes.txt");
        ModelVersion champion = registry.resolve("churn@champion");
        assertThat(champion.version()).isEqualTo("2.0.0");
        assertThat(champion.stage()).isEqualTo("staging");
        assertThat(paths).anyMatch(p -> p.contains("page_token=p2"));
        assertThat(new MlflowImport(registry).fromServer(uri(), null, temp.resolve("work")).registered()).isEmpty();
    }

    @Test
    void anArtifactPathLeavingItsDirectoryIsRefusedAndOnlyThatVersionSkipped() {
        evilName = "../../../evil.txt";
        MlflowImport.Report report = new MlflowImport(registry).fromServer(uri(), null, temp.resolve("work"));
        assertThat(report.skipped()).anyMatch(s -> s.contains("version 1") && s.contains("leaves"));
        assertThat(temp.resolve("evil.txt")).doesNotExist();
        assertThat(report.registered()).containsExactly("churn:2.0.0");
        assertThat(registry.listVersions("churn")).extracting(ModelVersion::version).containsExactly("2.0.0");
    }

    @Test
    void nanMetricsSlashKeysRunFieldsAndUnreadableSourcesOverRest() {
        fidelity = true;
        MlflowImport.Report report = new MlflowImport(registry).fromServer(uri(), null, temp.resolve("work"));
        assertThat(report.registered()).containsExactly("churn:1.0.0", "churn:2.0.0");
        assertThat(report.skipped()).singleElement().asString().contains("version 3").contains("s3://");
        assertThat(report.complete()).isFalse();
        ModelVersion one = registry.resolve("churn:1.0.0");
        assertThat(one.metrics()).containsEntry("eval/precision", 0.75).doesNotContainKeys("loss", "drift");
        assertThat(one.trainingInfo().hyperParameters()).containsEntry("optimizer/lr", "0.01");
        assertThat(one.lineage().codeCommit()).isEqualTo("abc123");
        assertThat(one.owner()).isEqualTo("ana@example.org");
        @SuppressWarnings("unchecked")
        Map<String, Object> mlflow = (Map<String, Object>) one.custom().get("mlflow");
        assertThat(mlflow).containsEntry("created_at", "2023-11-14T22:13:20Z").containsEntry("user_id", "ana@example.org")
                .containsEntry("non_finite_metrics", Map.of("loss", "NaN", "drift", "-Infinity"))
                .containsEntry("model_tags", Map.of("team", "retention"));
        assertThat(mlflow.get("run")).asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("name", "bold-cat-3").containsEntry("user", "ana").containsEntry("status", "FINISHED");
        assertThat(report.warnings()).anyMatch(w -> w.contains("loss")).anyMatch(w -> w.contains("drift"));
        assertThat(report.notKept()).anyMatch(s -> s.contains("metric history of run run1"));
    }
}
