package io.jmreg.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes an {@code mlruns} directory in MLflow's FileStore layout, as MLflow's {@code FileStore} and
 * {@code FileStore}-backed model registry write it: {@code <experiment>/meta.yaml}, {@code <experiment>/<run>/meta.yaml}
 * with {@code artifact_uri}, {@code metrics/<key>} files of {@code timestamp value step} lines (keys with {@code /} as
 * sub-directories, values as Python prints floats: {@code nan}, {@code inf}), {@code params/<key>}, {@code tags/<key>},
 * {@code models/<name>/meta.yaml}, {@code tags/}, {@code aliases/}, {@code version-<n>/meta.yaml} and its {@code tags/}.
 * Absolute locations name {@code origin}, the machine the tree was written on.
 */
final class MlflowTree {
    final Path root;
    final String origin;

    MlflowTree(Path root, String origin) throws IOException {
        this.root = Files.createDirectories(root);
        this.origin = origin;
    }

    String uri(String relative) {
        return "file://" + origin + "/" + relative;
    }

    void experiment(String id, String name) throws IOException {
        Path e = Files.createDirectories(root.resolve(id));
        Files.writeString(e.resolve("meta.yaml"), "artifact_location: " + uri(id) + "\ncreation_time: 1700000000000\n"
                + "experiment_id: '" + id + "'\nlast_update_time: 1700000000000\nlifecycle_stage: active\nname: " + name + "\n");
    }

    Path run(String experiment, String id, String name, String user, Map<String, String> metrics,
             Map<String, String> params, Map<String, String> tags) throws IOException {
        Path run = Files.createDirectories(root.resolve(experiment).resolve(id));
        Files.writeString(run.resolve("meta.yaml"), "artifact_uri: " + uri(experiment + "/" + id + "/artifacts") + "\n"
                + "end_time: 1700000009000\nentry_point_name: ''\nexperiment_id: '" + experiment + "'\n"
                + "lifecycle_stage: active\nrun_id: " + id + "\nrun_name: " + name + "\nrun_uuid: " + id + "\n"
                + "source_name: ''\nsource_type: 4\nsource_version: ''\nstart_time: 1700000001000\nstatus: 3\ntags: []\n"
                + "user_id: " + user + "\n");
        write(run.resolve("metrics"), metrics);
        write(run.resolve("params"), params);
        write(run.resolve("tags"), tags);
        Files.createDirectories(run.resolve("artifacts"));
        return run;
    }

    Path model(String name, String description, Map<String, String> tags, Map<String, String> aliases) throws IOException {
        Path model = Files.createDirectories(root.resolve("models").resolve(name));
        Files.writeString(model.resolve("meta.yaml"), "creation_timestamp: 1700000000000\ndescription: '" + description
                + "'\nlast_updated_timestamp: 1700000003000\nname: " + name + "\n");
        write(model.resolve("tags"), tags);
        write(model.resolve("aliases"), aliases);
        return model;
    }

    void version(Path model, int n, String source, String runId, String stage, String description, String user,
                 Map<String, String> tags) throws IOException {
        Path v = Files.createDirectories(model.resolve("version-" + n));
        Files.writeString(v.resolve("meta.yaml"), "creation_timestamp: 170000000" + n + "000\ncurrent_stage: " + stage
                + "\ndescription: '" + description + "'\nlast_updated_timestamp: 170000010" + n + "000\nname: "
                + model.getFileName() + "\nrun_id: " + runId + "\nrun_link: ''\nsource: " + source
                + "\nstatus: READY\nstatus_message: null\nstorage_location: " + source + "\nuser_id: " + user
                + "\nversion: " + n + "\n");
        write(v.resolve("tags"), tags);
    }

    /** An MLmodel file as {@code mlflow.sklearn.log_model} writes it, with a column-based signature. */
    static String mlmodel(String runId) {
        return """
                artifact_path: model
                flavors:
                  python_function:
                    env:
                      conda: conda.yaml
                      virtualenv: python_env.yaml
                    loader_module: mlflow.sklearn
                    model_path: model.pkl
                    predict_fn: predict
                    python_version: 3.10.12
                  sklearn:
                    code: null
                    pickled_model: model.pkl
                    serialization_format: cloudpickle
                    sklearn_version: 1.3.2
                mlflow_version: 2.9.2
                model_size_bytes: 1013
                model_uuid: 0a6b5c1e3f2d4e8f9a7b6c5d4e3f2a1b
                run_id: %s
                signature:
                  inputs: '[{"type": "double", "name": "amount", "required": true}, {"type": "string", "name": "country",
                    "required": true}]'
                  outputs: '[{"type": "long", "required": true}]'
                  params: null
                utc_time_created: '2023-11-14 22:13:21.123456'
                """.formatted(runId);
    }

    private static void write(Path dir, Map<String, String> files) throws IOException {
        Files.createDirectories(dir);
        for (var f : files.entrySet()) {
            Path file = dir.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, f.getValue());
        }
    }
}
