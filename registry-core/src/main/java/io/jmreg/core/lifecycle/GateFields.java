package io.jmreg.core.lifecycle;

import io.jmreg.api.Names;
import io.jmreg.api.Versions;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.model.Architecture;
import io.jmreg.api.model.ModelInfo;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.model.QualityGate;
import io.jmreg.api.model.TrainingInfo;
import io.jmreg.core.expression.CustomValues;
import io.jmreg.core.expression.TypedValues;
import io.jmreg.core.semver.SemverOrder;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The fields a quality gate can read, each with its type; the type decides how values parse and compare. */
final class GateFields {
    private GateFields() {
    }

    /** Builds the exception for a problem, positioned by the caller. */
    interface Errors extends Function<String, ValidationException> {
    }

    /** A version string compared by Semantic Versioning precedence (build metadata ignored). */
    record Version(String text) implements Comparable<Version> {
        @Override
        public int compareTo(Version o) {
            return SemverOrder.PRECEDENCE.compare(text, o.text);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** Field types. */
    enum Type {
        /** Compared numerically. */
        NUMBER("a number"),
        /** Compared by Semantic Versioning precedence. */
        VERSION("a version"),
        /** Compared as instants; ISO dates are midnight UTC. */
        DATE("a date"),
        /** Compared for equality only. */
        TEXT("text"),
        /** Free-form JSON (custom, hyper-parameters): the literal's type decides. */
        JSON("free-form JSON");

        private final String description;

        Type(String description) {
            this.description = description;
        }

        String description() {
            return description;
        }

        boolean ordered() {
            return this != TEXT;
        }

        Comparable<?> parse(String raw, boolean quoted, Errors errors) {
            return switch (this) {
                case NUMBER -> {
                    BigDecimal n = quoted ? null : TypedValues.number(raw);
                    if (n == null) {
                        throw errors.apply("expected a number, found " + (quoted ? "quoted text" : "'" + raw + "'"));
                    }
                    yield n;
                }
                case VERSION -> {
                    String v = raw.startsWith("v") && Versions.isValid(raw.substring(1)) ? raw.substring(1) : raw;
                    if (!Versions.isValid(v)) {
                        throw errors.apply("expected a Semantic Version such as 1.2.0, found '" + raw + "'");
                    }
                    yield new Version(v);
                }
                case DATE -> {
                    Instant at = TypedValues.instant(raw, Instant.now());
                    if (at == null) {
                        throw errors.apply("expected an ISO date or instant such as 2026-11-01 or 2026-11-01T12:00:00Z, found '"
                                + raw + "'");
                    }
                    yield at;
                }
                case TEXT -> raw;
                case JSON -> quoted || TypedValues.number(raw) == null ? raw : TypedValues.number(raw);
            };
        }
    }

    /**
     * A readable field.
     *
     * @param name   as written
     * @param type   its type
     * @param reader the value on a version, or null when missing
     */
    record Field(String name, Type type, Function<ModelVersion, Comparable<?>> reader) {
        Comparable<?> read(ModelVersion v) {
            return reader.apply(v);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<String> TOP_LEVEL = List.of("name", "version", "stage", "owner", "type", "kind", "tier",
            "description", "created_by", "created_at", "updated_at", "size", "parameters", "metrics.<name>",
            "quality_gates.<name>[.score]", "model_info.<field>", "training_info.<field>", "lineage.<field>",
            "custom.<path>", "<group>.<metric>");

    /** Resolves a field name; unknown names are an error listing the fields. */
    static Field resolve(String name, Errors errors) {
        String[] parts = name.split("\\.", -1);
        Field top = switch (name) {
            case "name" -> text(name, ModelVersion::name);
            case "version" -> new Field(name, Type.VERSION, v -> new Version(v.version()));
            case "stage" -> text(name, ModelVersion::stage);
            case "owner" -> text(name, ModelVersion::owner);
            case "type" -> text(name, ModelVersion::type);
            case "kind" -> text(name, v -> v.kind() == null ? null : v.kind().name().toLowerCase(Locale.ROOT));
            case "tier" -> text(name, v -> v.tier() == null ? null : v.tier().name().toLowerCase(Locale.ROOT));
            case "description" -> text(name, ModelVersion::description);
            case "created_by" -> text(name, ModelVersion::createdBy);
            case "created_at" -> new Field(name, Type.DATE, ModelVersion::created);
            case "updated_at" -> new Field(name, Type.DATE, ModelVersion::updatedAt);
            case "size" -> number(name, v -> v.artifacts().totalSize());
            case "parameters" -> number(name, v -> v.modelInfo() == null ? null : v.modelInfo().totalParameters());
            default -> null;
        };
        if (top != null) {
            return top;
        }
        if (parts.length == 1) {
            throw errors.apply("unknown field '" + name + "'; fields: " + String.join(", ", TOP_LEVEL)
                    + " (a metric is named with its group, e.g. evaluation.accuracy, or as metrics.<name>)");
        }
        String rest = name.substring(parts[0].length() + 1);
        return switch (parts[0]) {
            case "metrics" -> metric(name, rest, errors);
            case "quality_gates" -> qualityGate(name, rest);
            case "model_info" -> modelInfo(name, rest, errors);
            case "training_info" -> trainingInfo(name, rest, errors);
            case "lineage" -> switch (rest) {
                case "code_commit" -> text(name, v -> v.lineage() == null ? null : v.lineage().codeCommit());
                case "config_hash" -> text(name, v -> v.lineage() == null ? null : v.lineage().configHash());
                case "base_model" -> text(name, v -> v.lineage() == null ? null : v.lineage().baseModel());
                default -> throw errors.apply("unknown field '" + name + "'; lineage fields: code_commit, config_hash, base_model");
            };
            case "custom" -> new Field(name, Type.JSON, v -> json(v.custom(), rest));
            default -> metric(name, name, errors);
        };
    }

    private static Field metric(String name, String metric, Errors errors) {
        try {
            Names.requireMetricName(metric);
        } catch (ValidationException e) {
            throw errors.apply(e.getMessage());
        }
        return number(name, v -> v.metrics().get(metric));
    }

    private static Field qualityGate(String name, String rest) {
        boolean score = rest.endsWith(".score");
        String gate = score ? rest.substring(0, rest.length() - ".score".length()) : rest;
        Function<ModelVersion, QualityGate> find = v -> v.qualityGates().stream().filter(q -> q.name().equals(gate))
                .findFirst().orElse(null);
        if (score) {
            return number(name, v -> {
                QualityGate q = find.apply(v);
                return q == null ? null : q.score();
            });
        }
        return text(name, v -> {
            QualityGate q = find.apply(v);
            return q == null ? null : q.status();
        });
    }

    private static Field modelInfo(String name, String rest, Errors errors) {
        Function<ModelVersion, ModelInfo> mi = ModelVersion::modelInfo;
        Function<ModelVersion, Architecture> arch = v -> v.modelInfo() == null ? null : v.modelInfo().architecture();
        return switch (rest) {
            case "base_model" -> text(name, v -> get(mi.apply(v), ModelInfo::baseModel));
            case "fine_tuning_method" -> text(name, v -> get(mi.apply(v), ModelInfo::fineTuningMethod));
            case "framework" -> text(name, v -> get(mi.apply(v), ModelInfo::framework));
            case "total_parameters" -> number(name, v -> get(mi.apply(v), ModelInfo::totalParameters));
            case "trainable_parameters" -> number(name, v -> get(mi.apply(v), ModelInfo::trainableParameters));
            case "tensor_count" -> number(name, v -> get(mi.apply(v), ModelInfo::tensorCount));
            case "architecture.name" -> text(name, v -> get(arch.apply(v), Architecture::name));
            case "architecture.layers" -> number(name, v -> get(arch.apply(v), Architecture::layers));
            case "architecture.hidden_size" -> number(name, v -> get(arch.apply(v), Architecture::hiddenSize));
            case "architecture.heads" -> number(name, v -> get(arch.apply(v), Architecture::heads));
            case "architecture.vocab_size" -> number(name, v -> get(arch.apply(v), Architecture::vocabSize));
            case "architecture.context_length" -> number(name, v -> get(arch.apply(v), Architecture::contextLength));
            default -> throw errors.apply("unknown field '" + name + "'; model_info fields: base_model, fine_tuning_method, "
                    + "framework, total_parameters, trainable_parameters, tensor_count, architecture.{name, layers, "
                    + "hidden_size, heads, vocab_size, context_length}");
        };
    }

    private static Field trainingInfo(String name, String rest, Errors errors) {
        Function<ModelVersion, TrainingInfo> ti = ModelVersion::trainingInfo;
        if (rest.startsWith("hyper_parameters.") || rest.startsWith("method_config.")) {
            boolean hyper = rest.startsWith("hyper_parameters.");
            String path = rest.substring(rest.indexOf('.') + 1);
            return new Field(name, Type.JSON, v -> {
                TrainingInfo t = ti.apply(v);
                return t == null ? null : json(hyper ? t.hyperParameters() : t.methodConfig(), path);
            });
        }
        return switch (rest) {
            case "epochs" -> number(name, v -> get(ti.apply(v), TrainingInfo::epochs));
            case "batch_size" -> number(name, v -> get(ti.apply(v), TrainingInfo::batchSize));
            case "learning_rate" -> number(name, v -> get(ti.apply(v), TrainingInfo::learningRate));
            case "steps" -> number(name, v -> get(ti.apply(v), TrainingInfo::steps));
            case "gpu_hours" -> number(name, v -> get(ti.apply(v), TrainingInfo::gpuHours));
            case "cost" -> number(name, v -> get(ti.apply(v), TrainingInfo::cost));
            case "hardware" -> text(name, v -> get(ti.apply(v), TrainingInfo::hardware));
            default -> throw errors.apply("unknown field '" + name + "'; training_info fields: epochs, batch_size, "
                    + "learning_rate, steps, gpu_hours, cost, hardware, hyper_parameters.<path>, method_config.<path>");
        };
    }

    private static <T, R> R get(T holder, Function<T, R> getter) {
        return holder == null ? null : getter.apply(holder);
    }

    private static Field text(String name, Function<ModelVersion, String> reader) {
        return new Field(name, Type.TEXT, reader::apply);
    }

    private static Field number(String name, Function<ModelVersion, Number> reader) {
        return new Field(name, Type.NUMBER, v -> {
            Number n = reader.apply(v);
            return n == null ? null : new BigDecimal(n.toString());
        });
    }

    /** The comparable value at a dotted path of free-form JSON, read as queries read it. */
    private static Comparable<?> json(Map<String, Object> map, String path) {
        return (Comparable<?>) CustomValues.at(map, List.of(path.split("\\.")));
    }
}
