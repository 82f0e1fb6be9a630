package io.jmreg.core.log;

import io.jmreg.api.model.ModelInfo;
import io.jmreg.api.model.ModelVersion;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Makes the records a model state keeps in memory compact without changing what they say: the values that recur
 * across models (owners, types, stages, principals, tags, base models) become one shared string each, the
 * sub-records that recur across one model's versions (model info, training info, lineage, storage, manifest) one
 * shared instance each, and an update time equal to the creation time the same instant. Records are immutable, so
 * an equal instance serves every reader. One compactor per state being built; confined to one thread.
 */
final class RecordCompactor {
    private final Map<Object, Object> seen = new HashMap<>();

    /** {@code v} with its recurring values shared; equal to {@code v}. */
    ModelVersion compact(ModelVersion v) {
        Set<String> tags = new HashSet<>(v.tags().size() * 2);
        for (String t : v.tags()) {
            tags.add(t.intern());
        }
        return v.toBuilder().name(v.name().intern()).createdBy(shared(v.createdBy()))
                .updatedAt(v.updatedAt().equals(v.created()) ? v.created() : v.updatedAt())
                .tags(tags).owner(shared(v.owner())).type(shared(v.type())).stage(shared(v.stage()))
                .modelInfo(same(info(v.modelInfo()))).trainingInfo(same(v.trainingInfo())).lineage(same(v.lineage()))
                .storage(same(v.storage())).artifacts(same(v.artifacts())).build();
    }

    private ModelInfo info(ModelInfo i) {
        if (i.baseModel() == null && i.fineTuningMethod() == null && i.framework() == null) {
            return i;
        }
        return i.toBuilder().baseModel(shared(i.baseModel())).fineTuningMethod(shared(i.fineTuningMethod()))
                .framework(shared(i.framework())).build();
    }

    /** The first instance equal to {@code value} this compactor saw. */
    @SuppressWarnings("unchecked")
    private <T> T same(T value) {
        Object first = seen.putIfAbsent(value, value);
        return first == null ? value : (T) first;
    }

    private static String shared(String s) {
        return s == null ? null : s.intern();
    }
}
