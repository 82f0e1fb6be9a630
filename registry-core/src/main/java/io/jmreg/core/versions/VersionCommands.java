package io.jmreg.core.versions;

import io.jmreg.api.ModelReference;
import io.jmreg.api.Names;
import io.jmreg.api.exceptions.ModelNotFoundException;
import io.jmreg.api.exceptions.OperationNotAllowedException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.lifecycle.Operation;
import io.jmreg.api.lifecycle.StageMachine;
import io.jmreg.api.model.ModelSummary;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.log.Guards;
import io.jmreg.core.log.LogEntry;
import io.jmreg.core.log.ModelLog;
import io.jmreg.core.log.ModelState;
import io.jmreg.core.resolve.ReferenceResolver;
import io.jmreg.core.semver.SemverOrder;
import io.jmreg.core.semver.VersionSelector;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/** Reading and changing existing versions: summaries, lists, metric and tag updates, deletion. */
public final class VersionCommands {
    private final ModelLog log;
    private final ReferenceResolver resolver;
    private final StageMachine machine;

    /** Version commands over a model log. */
    public VersionCommands(ModelLog log, ReferenceResolver resolver, StageMachine machine) {
        this.log = log;
        this.resolver = resolver;
        this.machine = machine;
    }

    /** A model at a glance. */
    public ModelSummary summary(String name) {
        return summaryOf(resolver.existing(name));
    }

    /**
     * A model at a glance, computed over the versions {@code visible} accepts: their count, the latest of them, and
     * the aliases pointing at them.
     */
    public ModelSummary summary(String name, Predicate<ModelVersion> visible) {
        return summaryOf(resolver.existing(name), visible);
    }

    /** The summary of a model in state {@code s}, over the versions {@code visible} accepts. */
    public static ModelSummary summaryOf(ModelState s, Predicate<ModelVersion> visible) {
        List<String> shown = s.versionsAscending().stream().filter(v -> s.version(v).filter(visible).isPresent()).toList();
        String latest = VersionSelector.select(ModelReference.parse(s.name()), shown).orElse(null);
        Map<String, String> aliases = new TreeMap<>();
        s.aliases().forEach((alias, version) -> {
            if (shown.contains(version)) {
                aliases.put(alias, version);
            }
        });
        return new ModelSummary(s.name(), shown.size(), latest, aliases, s.updatedAt(), s.seq(), s.description());
    }

    /** The summary of a model in state {@code s}. */
    public static ModelSummary summaryOf(ModelState s) {
        String latest = VersionSelector.select(ModelReference.parse(s.name()), s.versionsAscending()).orElse(null);
        return new ModelSummary(s.name(), s.versionsAscending().size(), latest, s.aliases(), s.updatedAt(), s.seq(),
                s.description());
    }

    /** Live versions, lowest first. */
    public List<ModelVersion> list(String name) {
        return resolver.existing(name).versions();
    }

    /** Merges metrics into the referenced version. */
    public ModelVersion updateMetrics(ModelLog.Committer committer, String reference, Map<String, Double> metrics) {
        if (metrics == null || metrics.isEmpty()) {
            throw new ValidationException("no metrics given to update %s", reference);
        }
        metrics.forEach((k, v) -> Names.requireMetricValue(Names.requireMetricName(k), v));
        ModelVersion target = resolver.resolve(reference);
        ModelLog.Committed c = log.commit(committer, target.name(), (state, at) -> {
            Guards.requireAllowed(machine, Guards.requireLive(state, target), Operation.UPDATE_METRICS);
            return LogEntry.updateMetrics(target.version(), metrics);
        });
        return c.state().version(target.version()).orElseThrow();
    }

    /** Adds and removes tags of the referenced version. */
    public ModelVersion updateTags(ModelLog.Committer committer, String reference, Set<String> add, Set<String> remove) {
        Set<String> plus = add == null ? Set.of() : new TreeSet<>(add);
        Set<String> minus = remove == null ? Set.of() : new TreeSet<>(remove);
        plus.forEach(Names::requireTag);
        minus.forEach(Names::requireTag);
        ModelVersion target = resolver.resolve(reference);
        ModelLog.Committed c = log.commit(committer, target.name(), (state, at) -> {
            Guards.requireAllowed(machine, Guards.requireLive(state, target), Operation.UPDATE_TAGS);
            return LogEntry.updateTags(target.version(), plus, minus);
        });
        return c.state().version(target.version()).orElseThrow();
    }

    /** Replaces the referenced version's description (null or blank: none); at most 65536 characters. */
    public ModelVersion updateDescription(ModelLog.Committer committer, String reference, String description) {
        String text = descriptionText("description", description);
        ModelVersion target = resolver.resolve(reference);
        ModelLog.Committed c = log.commit(committer, target.name(), (state, at) -> {
            ModelVersion live = Guards.requireLive(state, target);
            if (!machine.allows(live.stage(), Operation.UPDATE_TAGS)) { // a description is metadata, as tags are
                throw new OperationNotAllowedException("%s is in stage '%s', where its metadata (tags and description) "
                        + "cannot change: the stage does not allow UPDATE_TAGS (allowed: %s)", live.reference(),
                        live.stage(), machine.stage(live.stage()).operations());
            }
            return LogEntry.updateDescription(target.version(), text);
        });
        return c.state().version(target.version()).orElseThrow();
    }

    /**
     * Replaces the model card of {@code name} (null or blank: none); at most 65536 characters. The summary answered is
     * computed over the versions {@code visible} accepts.
     */
    public ModelSummary updateModelDescription(ModelLog.Committer committer, String name, String description,
                                               Predicate<ModelVersion> visible) {
        String text = descriptionText("model description", description);
        resolver.existing(name); // a missing model is reported as such, never created by its card
        ModelLog.Committed c = log.commit(committer, name, (state, at) -> {
            if (!state.exists()) {
                throw new ModelNotFoundException("no model named '%s'", name);
            }
            return LogEntry.updateModelDescription(text);
        });
        return summaryOf(c.state(), visible);
    }

    /** A description as stored: empty for none; refused above 65536 characters. */
    private static String descriptionText(String what, String description) {
        String text = description == null || description.isBlank() ? "" : description;
        if (text.length() > 65_536) {
            throw new ValidationException("%s is longer than 65536 characters (%d)", what, text.length());
        }
        return text;
    }

    /** Deletes the referenced version (its number is retired); refused while an alias points at it. */
    public void delete(ModelLog.Committer committer, String reference) {
        ModelVersion target = resolver.resolve(reference);
        log.commit(committer, target.name(), (state, at) -> {
            Guards.requireAllowed(machine, Guards.requireLive(state, target), Operation.DELETE);
            List<String> pointing = state.aliases().entrySet().stream()
                    .filter(e -> SemverOrder.PRECEDENCE.compare(e.getValue(), target.version()) == 0)
                    .map(Map.Entry::getKey).sorted().toList();
            if (!pointing.isEmpty()) {
                throw new OperationNotAllowedException("cannot delete %s: aliases %s point to it; move or remove them first",
                        target.reference(), pointing);
            }
            return LogEntry.delete(target.version());
        });
    }
}
