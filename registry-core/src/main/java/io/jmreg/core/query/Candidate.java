package io.jmreg.core.query;

import io.jmreg.api.lifecycle.EnvironmentDeployment;
import io.jmreg.api.lifecycle.TrafficSplit;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.log.ModelState;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A version as a query sees it: its record plus what its model's state says of it (aliases pointing at it,
 * environments serving it), at one instant ({@code now}, for relative dates). It remembers the values of the last
 * field read, so that a field used to filter and then to sort is read once. Confined to one thread.
 */
public final class Candidate {
    private final ModelVersion version;
    private final ModelState state;
    private final Instant now;
    private final ModelIndex index;
    private final int position;
    private QueryFields.Field lastField;
    private List<Object> lastValues;

    /** The candidate {@code version} of {@code state}, as of {@code now}. */
    public Candidate(ModelVersion version, ModelState state, Instant now) {
        this.version = version;
        this.state = state;
        this.now = now;
        this.index = null;
        this.position = -1;
    }

    /** The version at {@code position} of an indexed model, as of {@code now} (its sort values come from the index). */
    public Candidate(ModelIndex index, int position, Instant now) {
        this.version = index.version(position);
        this.state = index.state();
        this.now = now;
        this.index = index;
        this.position = position;
    }

    /** The value {@code field} sorts this candidate by: its first value, or null when it has none. */
    public Object sortValue(QueryFields.Field field) {
        if (index != null) {
            return index.first(field, position);
        }
        List<Object> values = valuesOf(field);
        return values.isEmpty() ? null : values.get(0);
    }

    /** The record. */
    public ModelVersion version() {
        return version;
    }

    /** Its model's state. */
    public ModelState state() {
        return state;
    }

    /** The query's "now". */
    public Instant now() {
        return now;
    }

    List<Object> valuesOf(QueryFields.Field field) {
        if (field != lastField) {
            lastValues = field.values().apply(this);
            lastField = field;
        }
        return lastValues;
    }

    /** Aliases pointing at this version. */
    Set<String> aliases() {
        Set<String> out = new TreeSet<>();
        for (Map.Entry<String, String> e : state.aliases().entrySet()) {
            if (e.getValue().equals(version.version())) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** Environments that serve this version now. */
    Set<String> deployedTo() {
        Set<String> out = new TreeSet<>();
        for (EnvironmentDeployment d : state.deployments().values()) {
            for (TrafficSplit s : d.splits()) {
                if (s.version().equals(version.version())) {
                    out.add(d.environment());
                }
            }
        }
        return out;
    }
}
