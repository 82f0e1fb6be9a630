package io.jmreg.core.aliases;

import io.jmreg.api.Names;
import io.jmreg.api.lifecycle.Operation;
import io.jmreg.api.lifecycle.StageMachine;
import io.jmreg.api.model.AliasChange;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.log.Guards;
import io.jmreg.core.log.LogEntry;
import io.jmreg.core.log.ModelLog;
import io.jmreg.core.log.ModelState;
import io.jmreg.core.resolve.ReferenceResolver;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Aliases: mutable pointers to versions, each move one log entry (so the history says who moved what, when). */
public final class AliasCommands {
    private final ModelLog log;
    private final ReferenceResolver resolver;
    private final StageMachine machine;

    /** Alias commands over a model log. */
    public AliasCommands(ModelLog log, ReferenceResolver resolver, StageMachine machine) {
        this.log = log;
        this.resolver = resolver;
        this.machine = machine;
    }

    /** Points {@code alias} at {@code version}, creating or moving it. */
    public ModelVersion set(ModelLog.Committer committer, String name, String alias, String version) {
        Names.requireAlias(alias);
        ModelVersion target = resolver.resolve(Names.requireModelName(name) + ":" + version);
        log.commit(committer, name, (state, at) -> {
            Guards.requireAllowed(machine, Guards.requireLive(state, target), Operation.SET_ALIAS);
            return LogEntry.setAlias(alias, target.version());
        });
        return target;
    }

    /** Removes an alias; removing one that is not there (or that another writer removed first) is no change. */
    public void remove(ModelLog.Committer committer, String name, String alias) {
        Names.requireAlias(alias);
        if (!resolver.existing(name).aliases().containsKey(alias)) {
            return;
        }
        try {
            log.commit(committer, name, (state, at) -> {
                if (!state.aliases().containsKey(alias)) {
                    throw new AlreadyRemoved();
                }
                return LogEntry.removeAlias(alias, state.aliases().get(alias));
            });
        } catch (AlreadyRemoved raced) {
            // another writer removed it first: the outcome the caller asked for
        }
    }

    /** Current aliases of a model. */
    public Map<String, String> aliases(String name) {
        return resolver.existing(name).aliases();
    }

    /** Current aliases of a model that point at versions {@code visible} accepts (the others are not shown). */
    public Map<String, String> aliases(String name, Predicate<ModelVersion> visible) {
        ModelState state = resolver.existing(name);
        Map<String, String> shown = new TreeMap<>();
        state.aliases().forEach((alias, version) -> {
            if (state.version(version).filter(visible).isPresent()) {
                shown.put(alias, version);
            }
        });
        return Collections.unmodifiableMap(shown);
    }

    /** Every change of one alias, oldest first. */
    public List<AliasChange> history(String name, String alias) {
        Names.requireAlias(alias);
        return resolver.existing(name).aliasHistory().stream().filter(c -> c.alias().equals(alias)).toList();
    }

    private static final class AlreadyRemoved extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AlreadyRemoved() {
            super(null, null, false, false);
        }
    }
}
