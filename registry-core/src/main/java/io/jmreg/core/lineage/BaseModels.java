package io.jmreg.core.lineage;

import io.jmreg.api.ModelReference;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.resolve.ReferenceResolver;
import io.jmreg.core.semver.SemverOrder;
import io.jmreg.core.semver.VersionSelector;

import java.util.ArrayList;
import java.util.List;

/** Which base models an adapter was made for, and whether a version is one of them. */
public final class BaseModels {
    private BaseModels() {
    }

    /** The base-model references an adapter names: its lineage's base model, compatible bases, and model_info's. */
    public static List<String> of(ModelVersion adapter) {
        List<String> bases = new ArrayList<>(adapter.lineage().compatibleBaseModels());
        if (adapter.lineage().baseModel() != null) {
            bases.add(adapter.lineage().baseModel());
        }
        if (adapter.modelInfo().baseModel() != null) {
            bases.add(adapter.modelInfo().baseModel());
        }
        return bases;
    }

    /** Whether {@code adapter} was made for {@code base}. */
    public static boolean fits(ModelVersion adapter, ModelVersion base, ReferenceResolver resolver) {
        return of(adapter).stream().anyMatch(b -> fits(b, base, resolver));
    }

    /** Whether a base-model reference names {@code base}: exactly, by a range, an alias or digest, or by model name. */
    public static boolean fits(String baseReference, ModelVersion base, ReferenceResolver resolver) {
        ModelReference ref;
        try {
            ref = ModelReference.parse(baseReference);
        } catch (RuntimeException external) {
            return false; // an external id such as a hub repository, not a reference to this registry
        }
        if (!ref.model().equals(base.name())) {
            return false;
        }
        return switch (ref.kind()) {
            case LATEST -> true; // the bare model name: any version of it
            case ALIAS, DIGEST -> {
                try {
                    yield resolver.resolve(baseReference).reference().equals(base.reference());
                } catch (RuntimeException gone) {
                    yield false;
                }
            }
            case EXACT -> SemverOrder.PRECEDENCE.compare(ref.value(), base.version()) == 0;
            case RANGE -> VersionSelector.parseRange(ref).isSatisfiedBy(SemverOrder.parse(base.version()));
        };
    }
}
