package io.jmreg.api;

import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.model.Kind;
import io.jmreg.api.model.Lineage;
import io.jmreg.api.model.ModelInfo;
import io.jmreg.api.model.QualityGate;
import io.jmreg.api.model.Tier;
import io.jmreg.api.model.TrainingInfo;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a caller asks to register: the model name, how to pick the version, the artifacts (a file or a
 * directory) and the record of SPEC 3. Built with {@link #builder(String)}; validated on construction so
 * that bad input fails before anything is written.
 *
 * @param name         model name
 * @param version      explicit version, or null to use {@code strategy}
 * @param strategy     version strategy when no explicit version is given
 * @param bump         part to bump for {@link VersionStrategy#SEMANTIC}
 * @param artifacts    a file or directory, or null for a metadata-only version
 * @param description  free text
 * @param tags         tags
 * @param owner        owner
 * @param type         model type
 * @param tier         access tier
 * @param kind         model or adapter
 * @param modelInfo    model_info
 * @param trainingInfo training_info
 * @param metrics      metrics
 * @param qualityGates quality gates
 * @param lineage      lineage
 * @param custom       free-form JSON properties
 * @param consumeArtifacts the registry may take the artifact files instead of copying them (a hard link into a
 *                     store on the same file system); the caller must not change them afterwards (a server's uploads)
 * @param artifactDigests SHA-256 (lower-case hex) of artifact files by path, computed by the caller as it wrote them;
 *                     with {@code consumeArtifacts} the registry takes them instead of reading those files once more;
 *                     null when none (so that the HTTP API's JSON of a registration carries no such field)
 */
public record Registration(String name, String version, VersionStrategy strategy, Bump bump, Path artifacts,
                           String description, Set<String> tags, String owner, String type, Tier tier, Kind kind,
                           ModelInfo modelInfo, TrainingInfo trainingInfo, Map<String, Double> metrics,
                           List<QualityGate> qualityGates, Lineage lineage, Map<String, Object> custom,
                           boolean consumeArtifacts, Map<String, String> artifactDigests) {

    /** A registration without artifact digests (the record's components before they were added). */
    public Registration(String name, String version, VersionStrategy strategy, Bump bump, Path artifacts,
                        String description, Set<String> tags, String owner, String type, Tier tier, Kind kind,
                        ModelInfo modelInfo, TrainingInfo trainingInfo, Map<String, Double> metrics,
                        List<QualityGate> qualityGates, Lineage lineage, Map<String, Object> custom,
                        boolean consumeArtifacts) {
        this(name, version, strategy, bump, artifacts, description, tags, owner, type, tier, kind, modelInfo,
                trainingInfo, metrics, qualityGates, lineage, custom, consumeArtifacts, null);
    }

    /** Validates every caller-supplied field. */
    public Registration {
        Names.requireModelName(name);
        if (version != null) {
            Versions.requireVersion(version);
        }
        strategy = strategy == null ? VersionStrategy.SEMANTIC : strategy;
        bump = bump == null ? Bump.MINOR : bump;
        if (artifacts != null && artifacts.toString().indexOf('\0') >= 0) {
            throw new ValidationException("artifact path contains NUL");
        }
        tags = tags == null ? Set.of() : Set.copyOf(new TreeSet<>(tags));
        tags.forEach(Names::requireTag);
        metrics = metrics == null ? Map.of() : Map.copyOf(new TreeMap<>(metrics));
        metrics.forEach((k, v) -> Names.requireMetricValue(Names.requireMetricName(k), v));
        qualityGates = qualityGates == null ? List.of() : List.copyOf(qualityGates);
        custom = custom == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(custom));
        artifactDigests = artifactDigests == null || artifactDigests.isEmpty() ? null : Map.copyOf(artifactDigests);
        (artifactDigests == null ? Map.<String, String>of() : artifactDigests).forEach((path, sha) -> {
            if (sha == null || !sha.matches("[0-9a-f]{64}")) {
                throw new ValidationException("artifact digest of '%s' must be 64 lower-case hex digits, not '%s'", path, sha);
            }
        });
        if (description != null && description.length() > 65_536) {
            throw new ValidationException("description is longer than 65536 characters");
        }
        if (lineage != null) {
            lineage.parents().forEach(p -> {
                ModelReference ref = ModelReference.parse(p);
                if (ref.kind() != ModelReference.Kind.EXACT) {
                    throw new ValidationException("lineage parent '%s' must be an exact reference name:version", p);
                }
            });
        }
    }

    /** Starts a registration of {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * A builder holding everything of this registration but its artifact digests, to change a part of it: the digests
     * vouch for the files they were given with, never for others (a server that takes a client's registration and
     * gives it the uploaded files must not take a digest the client sent).
     */
    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.version = version;
        b.strategy = strategy;
        b.bump = bump;
        b.artifacts = artifacts;
        b.description = description;
        b.tags.addAll(tags);
        b.owner = owner;
        b.type = type;
        b.tier = tier;
        b.kind = kind;
        b.modelInfo = modelInfo;
        b.trainingInfo = trainingInfo;
        b.metrics.putAll(metrics);
        b.qualityGates = qualityGates;
        b.lineage = lineage;
        b.custom.putAll(custom);
        b.consumeArtifacts = consumeArtifacts;
        return b;
    }

    /** Fluent builder of {@link Registration}. */
    public static final class Builder {
        private final String name;
        private String version;
        private VersionStrategy strategy;
        private Bump bump;
        private Path artifacts;
        private String description;
        private final Set<String> tags = new TreeSet<>();
        private String owner;
        private String type;
        private Tier tier;
        private Kind kind;
        private ModelInfo modelInfo;
        private TrainingInfo trainingInfo;
        private final Map<String, Double> metrics = new TreeMap<>();
        private List<QualityGate> qualityGates;
        private Lineage lineage;
        private final Map<String, Object> custom = new LinkedHashMap<>();
        private boolean consumeArtifacts;
        private final Map<String, String> artifactDigests = new TreeMap<>();

        private Builder(String name) {
            this.name = name;
        }

        /**
         * Lets the registry take the artifact files instead of copying them: on a store on the same file system they
         * become the stored blobs (hard links), so the caller must not change them afterwards. For files the caller
         * owns and discards, such as a server's uploads.
         */
        public Builder consumeArtifacts() {
            this.consumeArtifacts = true;
            return this;
        }

        /**
         * The SHA-256 (lower-case hex) of the artifact file at {@code path} (relative, '/'-separated), computed by the
         * caller while it wrote the file, such as an import that hashes a download as it arrives. Together with
         * {@link #consumeArtifacts()} the registry takes the digest instead of reading the file once more (the file is
         * handed over whole: a wrong digest stores it under a wrong name, which a later verified read reports as
         * corrupt). Without {@code consumeArtifacts} it is ignored and the file is hashed as usual.
         */
        public Builder artifactDigest(String path, String sha256) {
            this.artifactDigests.put(path, sha256);
            return this;
        }

        /** An explicit Semantic Version. */
        public Builder version(String v) {
            this.version = v;
            return this;
        }

        /** Bump this part of the latest version (strategy SEMANTIC). */
        public Builder bump(Bump b) {
            this.bump = b;
            this.strategy = VersionStrategy.SEMANTIC;
            return this;
        }

        /** Pick the version with this strategy. */
        public Builder strategy(VersionStrategy s) {
            this.strategy = s;
            return this;
        }

        /** The artifact file or directory. */
        public Builder artifacts(Path path) {
            this.artifacts = path;
            return this;
        }

        /** Description. */
        public Builder description(String d) {
            this.description = d;
            return this;
        }

        /** Adds tags. */
        public Builder tags(String... t) {
            tags.addAll(List.of(t));
            return this;
        }

        /** Owner. */
        public Builder owner(String o) {
            this.owner = o;
            return this;
        }

        /** Model type (llm, classification, ...). */
        public Builder type(String t) {
            this.type = t;
            return this;
        }

        /** Access tier. */
        public Builder tier(Tier t) {
            this.tier = t;
            return this;
        }

        /** Model or adapter. */
        public Builder kind(Kind k) {
            this.kind = k;
            return this;
        }

        /** model_info. */
        public Builder modelInfo(ModelInfo m) {
            this.modelInfo = m;
            return this;
        }

        /** training_info. */
        public Builder trainingInfo(TrainingInfo t) {
            this.trainingInfo = t;
            return this;
        }

        /** One metric. */
        public Builder metric(String metricName, double value) {
            metrics.put(metricName, value);
            return this;
        }

        /** Several metrics. */
        public Builder metrics(Map<String, Double> m) {
            metrics.putAll(m);
            return this;
        }

        /** Quality gates. */
        public Builder qualityGates(List<QualityGate> g) {
            this.qualityGates = g;
            return this;
        }

        /** Lineage. */
        public Builder lineage(Lineage l) {
            this.lineage = l;
            return this;
        }

        /** One custom JSON property. */
        public Builder custom(String key, Object value) {
            custom.put(key, value);
            return this;
        }

        /** Validates and builds. */
        public Registration build() {
            return new Registration(name, version, strategy, bump, artifacts, description, tags, owner, type, tier, kind,
                    modelInfo, trainingInfo, metrics, qualityGates, lineage, custom, consumeArtifacts, artifactDigests);
        }
    }
}
