package io.jmreg.cli;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.TransferOptions;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.interop.HubImport;
import io.jmreg.interop.MlflowImport;
import io.jmreg.interop.ModelImporter;
import io.jmreg.interop.OciBundles;
import io.jmreg.interop.UrlImport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jmreg import hf|url|records}: models into the registry from outside, resumable and verified. */
@Command(name = "import", description = "Import models from a Hugging Face-compatible hub or a URL (run again to resume).",
        subcommands = {ImportCommands.Hub.class, ImportCommands.Url.class, ImportCommands.HfCache.class,
                ImportCommands.Catalog.class, ImportCommands.Bundle.class, ImportCommands.Mlflow.class,
                ImportCommands.Records.class})
final class ImportCommands {
    private ImportCommands() {
    }

    /** Where partial downloads and records live: beside the pull cache. */
    static Path workDirectory(Map<String, String> environment) {
        String cache = environment.get("REGISTRY_CACHE");
        Path base = cache == null || cache.isBlank() ? Path.of(System.getProperty("user.home"), ".cache", "jmreg")
                : Path.of(cache);
        return base.resolve("imports");
    }

    static void report(Base cmd, ModelVersion v) {
        cmd.done(v, "imported %s (%d files)", v.reference(), v.artifacts().files().size());
    }

    @Command(name = "hf", description = "Import a repository of a Hugging Face-compatible hub at a revision "
            + "(endpoint: --endpoint or $HF_ENDPOINT; token: $HF_TOKEN).")
    static final class Hub extends Base {
        @Parameters(paramLabel = "REPO", description = "org/name")
        String repo;

        @Option(names = "--model", required = true, description = "the registry model to register into")
        String model;

        @Option(names = "--revision", defaultValue = "main", description = "branch, tag or commit (default main)")
        String revision;

        @Option(names = "--endpoint", description = "the hub's URL (default $HF_ENDPOINT, else https://huggingface.co)")
        String endpoint;

        @Option(names = "--include", description = "glob of files to import (repeatable; default every file)")
        List<String> include;

        @Option(names = "--exclude", description = "glob of files to leave out (repeatable)")
        List<String> exclude;

        @Option(names = "--version", description = "the version to register (default: the next minor version)")
        String version;

        @Override
        int run(ModelRegistry r) {
            report(this, withProgress("import " + repo, p -> new ModelImporter(r, workDirectory(root().environment))
                    .fromHub(new HubImport(repo, revision, endpoint, null, include, exclude, model, version),
                            TransferOptions.progress(p))));
            return 0;
        }
    }

    @Command(name = "url", description = "Import one file from an http(s) URL.")
    static final class Url extends Base {
        @Parameters(paramLabel = "URL")
        String url;

        @Option(names = "--model", required = true, description = "the registry model to register into")
        String model;

        @Option(names = "--sha256", description = "the expected SHA-256: a mismatch registers nothing")
        String sha256;

        @Option(names = "--name", description = "the file's name in the version (default: the URL's last segment)")
        String name;

        @Option(names = "--version", description = "the version to register (default: the next minor version)")
        String version;

        @Override
        int run(ModelRegistry r) {
            report(this, withProgress("import " + url, p -> new ModelImporter(r, workDirectory(root().environment))
                    .fromUrl(new UrlImport(url, model, version, sha256, root().environment.get("JMREG_IMPORT_TOKEN"), name),
                            TransferOptions.progress(p))));
            return 0;
        }
    }

    @Command(name = "hf-cache", description = "Import a model from a local Hugging Face cache directory (verified, copied).")
    static final class HfCache extends Base {
        @Parameters(index = "0", paramLabel = "REPO", description = "org/name")
        String repo;

        @Option(names = "--cache-dir", description = "the cache (default $HF_HUB_CACHE, else ~/.cache/huggingface/hub)")
        Path cacheDir;

        @Option(names = "--model", required = true, description = "the registry model to register into")
        String model;

        @Option(names = "--revision", defaultValue = "main", description = "a ref name or a commit (default main)")
        String revision;

        @Option(names = "--version", description = "the version to register (default: the next minor version)")
        String version;

        @Override
        int run(ModelRegistry r) {
            Path dir = cacheDir;
            if (dir == null) {
                String env = root().environment.get("HF_HUB_CACHE");
                dir = env != null && !env.isBlank() ? Path.of(env)
                        : Path.of(System.getProperty("user.home"), ".cache", "huggingface", "hub");
            }
            report(this, new ModelImporter(r, workDirectory(root().environment)).fromHfCache(dir, repo, revision, model,
                    version));
            return 0;
        }
    }

    @Command(name = "catalog", description = "Initialise the registry from a catalog file of hub models (run it again: "
            + "entries already imported at the same commit are skipped).")
    static final class Catalog extends Base {
        @Parameters(paramLabel = "FILE", description = "JSON: {\"models\": [{\"id\", \"repo\", \"revision\", \"files\", "
                + "\"tier\", \"type\"}]}")
        Path file;

        @Option(names = "--endpoint", description = "the hub's URL (default $HF_ENDPOINT, else https://huggingface.co)")
        String endpoint;

        @Override
        int run(ModelRegistry r) {
            var report = withProgress("catalog " + file, p -> new ModelImporter(r, workDirectory(root().environment))
                    .seed(file, endpoint, TransferOptions.progress(p)));
            done(report, "imported %d (%s), skipped %d already present", report.imported().size(),
                    String.join(", ", report.imported()), report.skipped().size());
            return 0;
        }
    }

    @Command(name = "bundle", description = "Import an OCI layout (directory or tar): a jmreg export, an ORAS or a "
            + "ModelPack artifact (everything checked first; versions already present are left alone).")
    static final class Bundle extends Base {
        @Parameters(paramLabel = "DIR|TAR")
        Path directory;

        @Option(names = "--model", description = "the model for an artifact of another tool that names none")
        String model;

        @Option(names = "--version", description = "the version for an artifact of another tool (default: its "
                + "config, its org.opencontainers.image.version or its ref name)")
        String version;

        @Override
        int run(ModelRegistry r) {
            var report = new OciBundles(r).importBundle(directory, model, version);
            if (json()) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("registered", report.registered());
                doc.put("present", report.present());
                doc.put("skipped", report.skipped());
                doc.put("not_kept", report.notKept());
                doc.put("complete", report.complete());
                printJson(doc);
            } else {
                say("registered %d (%s), %d already present", report.registered().size(),
                        String.join(", ", report.registered()), report.present().size());
                report.skipped().forEach(s -> say("skipped %s", s));
                report.notKept().forEach(s -> say("not kept %s", s));
            }
            return report.complete() ? ExitCodes.OK : ExitCodes.PARTIAL;
        }
    }

    @Command(name = "mlflow", description = "Import an MLflow model registry: a local mlruns directory (FileStore layout) "
            + "or a tracking server's URL (token: $MLFLOW_TRACKING_TOKEN); versions already imported are skipped.")
    static final class Mlflow extends Base {
        @Parameters(paramLabel = "MLRUNS|URL")
        String source;

        @Option(names = "--version-pattern", defaultValue = "{n}.0.0",
                description = "how MLflow version N becomes a version (default {n}.0.0)")
        String pattern;

        @Override
        int run(ModelRegistry r) {
            var importer = new MlflowImport(r, pattern);
            var report = source.startsWith("http://") || source.startsWith("https://")
                    ? importer.fromServer(source, root().environment.get("MLFLOW_TRACKING_TOKEN"),
                            workDirectory(root().environment))
                    : importer.fromFileStore(Path.of(source));
            if (json()) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("registered", report.registered());
                doc.put("present", report.present());
                doc.put("skipped", report.skipped());
                doc.put("warnings", report.warnings());
                doc.put("not_kept", report.notKept());
                doc.put("complete", report.complete());
                printJson(doc);
            } else {
                say("registered %d: %s", report.registered().size(), String.join(", ", report.registered()));
                if (!report.present().isEmpty()) {
                    say("already present %d: %s", report.present().size(), String.join(", ", report.present()));
                }
                report.skipped().forEach(s -> say("skipped %s", s));
                report.warnings().forEach(s -> say("warning %s", s));
                report.notKept().forEach(s -> say("not kept %s", s));
            }
            return report.complete() ? ExitCodes.OK : ExitCodes.PARTIAL;
        }
    }

    @Command(name = "export", description = "Export versions (name:version) or whole models (name) as an OCI image "
            + "layout directory, for another registry or any OCI tool.")
    static final class Export extends Base {
        @Parameters(paramLabel = "REF", arity = "1..*")
        List<String> references;

        @Option(names = "--to", required = true, paramLabel = "DIR", description = "a new (or empty) directory")
        Path directory;

        @Override
        int run(ModelRegistry r) {
            int n = new OciBundles(r).export(references, directory);
            done(Map.of("versions", n, "directory", directory.toAbsolutePath().toString()), "exported %d versions to %s",
                    n, directory);
            return 0;
        }
    }

    @Command(name = "records", description = "List the imports run from this machine (status, bytes, errors).")
    static final class Records extends Base {
        @Override
        int run(ModelRegistry r) {
            var records = new ModelImporter(r, workDirectory(root().environment)).downloads();
            if (json()) {
                printJson(Map.of("downloads", records));
                return 0;
            }
            Table t = new Table("STARTED", "STATUS", "SOURCE", "FILES", "BYTES", "RESULT");
            records.forEach(d -> t.row(d.started().toString(), d.status(), d.source(), Integer.toString(d.files()),
                    ProgressRenderer.bytes(d.totalBytes()), d.reference() != null ? d.reference() : d.error()));
            t.print(out());
            return 0;
        }
    }
}
