package io.jmreg.cli;

import static io.jmreg.cli.OptionValues.metricsFile;
import static io.jmreg.cli.OptionValues.numbers;

import io.jmreg.api.Bump;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.TransferOptions;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.model.ArchiveFormat;
import io.jmreg.api.model.Dataset;
import io.jmreg.api.model.Kind;
import io.jmreg.api.model.Lineage;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.model.Tier;
import io.jmreg.api.model.TrainingInfo;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Moving artifacts: register a file or directory with its metadata, pull a version, write one file to stdout. */
final class TransferCommands {
    private TransferCommands() {
    }

    @Command(name = "register", description = "Register a file or directory as a new version, with its metadata.")
    static final class Register extends Base {
        @Parameters(index = "0", paramLabel = "MODEL")
        String name;

        @Parameters(index = "1", paramLabel = "PATH", arity = "0..1", description = "file or directory (none: metadata only)")
        Path path;

        @Option(names = "--version", description = "the version (Semantic Versioning)")
        String version;

        @Option(names = "--bump", description = "the next version: ${COMPLETION-CANDIDATES}")
        Bump bump;

        @Option(names = "--metric", paramLabel = "NAME=VALUE", description = "a metric (repeatable)")
        List<String> metrics = new ArrayList<>();

        @Option(names = "--metrics-file", paramLabel = "FILE", description = "metrics from a JSON object (nested keys joined with '.')")
        Path metricsFile;

        @Option(names = "--tag", description = "a tag (repeatable)")
        List<String> tags = new ArrayList<>();

        @Option(names = "--param", paramLabel = "NAME=VALUE", description = "a training hyper-parameter (repeatable): "
                + "numbers and true/false are stored typed (lr=0.0003, epochs=3), \"quoted\" values as text")
        List<String> params = new ArrayList<>();

        @Option(names = "--dataset", paramLabel = "NAME[@VERSION]", description = "a training dataset (repeatable)")
        List<String> datasets = new ArrayList<>();

        @Option(names = "--parent", paramLabel = "REF", description = "a parent version (repeatable)")
        List<String> parents = new ArrayList<>();

        @Option(names = "--base-model", paramLabel = "REF", description = "the base model (fine-tunes, adapters)")
        String baseModel;

        @Option(names = "--git-commit", description = "the training code's commit")
        String gitCommit;

        @Option(names = "--description")
        String description;

        @Option(names = "--owner")
        String owner;

        @Option(names = "--type", description = "llm, classification, ...")
        String type;

        @Option(names = "--tier", description = "${COMPLETION-CANDIDATES}")
        Tier tier;

        @Option(names = "--kind", description = "${COMPLETION-CANDIDATES}")
        Kind kind;

        @Override
        int run(ModelRegistry r) throws Exception {
            if (version != null && bump != null) {
                throw new ValidationException("give --version or --bump, not both");
            }
            if (path != null && !Files.exists(path)) {
                throw new ValidationException("no such file or directory: %s", path);
            }
            Registration.Builder b = Registration.builder(name).description(description).owner(owner).type(type)
                    .tier(tier).kind(kind).tags(tags.toArray(String[]::new));
            if (version != null) {
                b.version(version);
            } else {
                b.bump(bump == null ? Bump.PATCH : bump);
            }
            if (path != null) {
                b.artifacts(path);
            }
            Map<String, Double> all = new TreeMap<>();
            if (metricsFile != null) {
                all.putAll(metricsFile(metricsFile));
            }
            all.putAll(numbers(metrics, "--metric"));
            b.metrics(all);
            Map<String, Object> hyper = OptionValues.parameters(params);
            List<Dataset> ds = new ArrayList<>();
            for (String d : datasets) {
                int at = d.lastIndexOf('@');
                ds.add(at > 0 ? Dataset.of(d.substring(0, at), d.substring(at + 1)) : Dataset.of(d, null));
            }
            if (!hyper.isEmpty() || !ds.isEmpty()) {
                b.trainingInfo(TrainingInfo.builder().hyperParameters(hyper).datasets(ds).build());
            }
            if (!parents.isEmpty() || baseModel != null || gitCommit != null || !ds.isEmpty()) {
                b.lineage(Lineage.builder().parents(parents).baseModel(baseModel).codeCommit(gitCommit)
                        .datasets(ds.stream().map(d -> d.version() == null ? d.name() : d.name() + "@" + d.version()).toList())
                        .build());
            }
            ProgressRenderer progress = progress("register " + name);
            ModelVersion v = r.registerModel(b.build(), TransferOptions.progress(orNone(progress)));
            if (progress != null) {
                progress.finish();
            }
            if (json()) {
                printJson(v);
            } else if (root().quiet) {
                out().println(v.reference());
            } else {
                say("registered %s (%d files, %s, manifest sha256:%s)", v.reference(), v.artifacts().files().size(),
                        ProgressRenderer.bytes(v.artifacts().totalSize()), v.artifacts().digest());
            }
            return 0;
        }
    }

    @Command(name = "pull", description = "Download a version's files, verified: into the cache (path printed) or --to a directory.")
    static final class Pull extends Base {
        @Parameters(paramLabel = "REF")
        String reference;

        @Option(names = "--to", paramLabel = "DIR", description = "copy the files into this directory")
        Path to;

        @Option(names = "--archive", paramLabel = "FILE",
                description = "write all files into one archive instead; the format from the name: .zip or .tar")
        Path archive;

        @Override
        int run(ModelRegistry r) throws Exception {
            if (archive != null) {
                return toArchive(r);
            }
            ProgressRenderer progress = progress("pull " + reference);
            TransferOptions.Builder options = TransferOptions.builder().progress(orNone(progress));
            Path where = r.pull(reference, to == null ? options.build() : options.directory(to).build());
            if (progress != null) {
                progress.finish();
            }
            if (json()) {
                ModelVersion v = r.resolve(reference);
                printJson(Map.of("reference", v.reference(), "path", where.toAbsolutePath().toString(),
                        "files", v.artifacts().files()));
            } else {
                out().println(where.toAbsolutePath());
            }
            return 0;
        }

        /** The archive is written beside its target and moved into place whole: a failure leaves no partial file. */
        private int toArchive(ModelRegistry r) throws Exception {
            if (to != null) {
                throw new ValidationException("--to and --archive exclude each other: files go into a directory or an archive");
            }
            ArchiveFormat format = ArchiveFormat.ofFileName(archive.getFileName() == null ? null
                    : archive.getFileName().toString());
            Path target = archive.toAbsolutePath();
            if (Files.isDirectory(target)) {
                throw new ValidationException("--archive %s is a directory; name the archive file", archive);
            }
            ModelVersion v = r.resolve(reference);
            Path part = target.resolveSibling(target.getFileName() + ".part");
            try {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(part), 1 << 16)) {
                    r.writeArchive(v.reference(), format, out);
                }
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(part);
            }
            if (json()) {
                printJson(Map.of("reference", v.reference(), "archive", target.toString(),
                        "format", format.extension(), "files", v.artifacts().files()));
            } else {
                out().println(target);
            }
            return 0;
        }
    }

    @Command(name = "cat", description = "Write one artifact file of a version to stdout, verified.")
    static final class Cat extends Base {
        @Parameters(index = "0", paramLabel = "REF")
        String reference;

        @Parameters(index = "1", paramLabel = "PATH", description = "the artifact's path within the version")
        String path;

        @Option(names = "--offset", description = "first byte (default 0)")
        long offset;

        @Option(names = "--length", description = "at most this many bytes")
        Long length;

        @Override
        int run(ModelRegistry r) throws Exception {
            if (json()) {
                throw new ValidationException("cat writes the file's bytes; --json does not apply");
            }
            ModelVersion v = r.resolve(reference);
            if (v.artifacts().files().stream().noneMatch(f -> f.path().equals(path))) {
                throw new ExitCodes.NotFound(String.format("%s has no artifact file '%s' (files: %s)", v.reference(), path,
                        v.artifacts().files().stream().map(f -> f.path()).limit(20).toList()));
            }
            out().flush();
            try (InputStream in = r.openArtifact(v.reference(), path, offset, length == null ? Long.MAX_VALUE : length)) {
                OutputStream stdout = System.out;
                in.transferTo(stdout);
                stdout.flush();
            }
            return 0;
        }
    }
}
