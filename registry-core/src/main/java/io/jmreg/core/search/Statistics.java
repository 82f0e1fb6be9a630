package io.jmreg.core.search;

import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.lifecycle.EnvironmentDeployment;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.search.RegistryStatistics;
import io.jmreg.core.access.Visibility;
import io.jmreg.core.catalog.CatalogIndex;
import io.jmreg.core.log.ModelState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Registry statistics from the model states: counts, storage (logical and deduplicated), registrations and
 * deployments per period. Download counts plug in through {@link DownloadSource} (the audit trail, once kept); without
 * one they are reported as not recorded rather than as zero.
 */
public final class Statistics {
    /** Where download counts come from. */
    public interface DownloadSource {
        /** Times of artifact downloads of each model. */
        Map<String, List<Instant>> downloadsByModel();
    }

    private final CatalogIndex catalog;
    private final DownloadSource downloads;

    /** Statistics of the models of {@code catalog}; {@code downloads} may be null (not recorded). */
    public Statistics(CatalogIndex catalog, DownloadSource downloads) {
        this.catalog = catalog;
        this.downloads = downloads;
    }

    /** Computes them now. */
    public RegistryStatistics compute(RegistryStatistics.Period period, int inactiveDays,
                                      Predicate<ModelVersion> visible) {
        if (period == null || inactiveDays < 1) {
            throw new ValidationException("statistics need a period and an inactivity window of at least 1 day");
        }
        Instant now = Instant.now();
        Instant activeSince = now.minus(Duration.ofDays(inactiveDays));
        Map<String, List<Instant>> downloadTimes = downloads == null ? Map.of() : downloads.downloadsByModel();
        long models = 0;
        long versions = 0;
        long logical = 0;
        Map<String, Long> blobs = new HashMap<>();
        Map<String, Long> byStage = new TreeMap<>();
        Map<String, Long> byType = new TreeMap<>();
        Map<String, Long> byTier = new TreeMap<>();
        Map<String, Long> registrations = new TreeMap<>();
        Map<String, Long> deployments = new TreeMap<>();
        Map<String, Long> downloadsPerPeriod = new TreeMap<>();
        Map<String, Long> use = new HashMap<>();
        List<String> inactive = new ArrayList<>();
        for (ModelState s : catalog.states()) {
            String name = s.name();
            List<ModelVersion> shown = s.versions().stream().filter(visible).toList();
            if (shown.isEmpty() && !s.versions().isEmpty()) {
                continue; // a model the caller may not read
            }
            models++;
            for (ModelVersion v : shown) {
                versions++;
                byStage.merge(v.stage(), 1L, Long::sum);
                byType.merge(v.type() == null ? "(none)" : v.type(), 1L, Long::sum);
                byTier.merge(v.tier().name().toLowerCase(Locale.ROOT), 1L, Long::sum);
                logical += v.artifacts().totalSize();
                for (ArtifactFile f : v.artifacts().files()) {
                    blobs.putIfAbsent(f.sha256(), f.size());
                }
                registrations.merge(key(v.created(), period), 1L, Long::sum);
            }
            Instant lastActivity = null;
            Visibility visibility = new Visibility(s, visible);
            for (EnvironmentDeployment d : s.deploymentHistory()) {
                if (!visibility.shows(d)) {
                    continue; // a deployment of a version the caller may not read
                }
                deployments.merge(key(d.deployedAt(), period), 1L, Long::sum);
                use.merge(name, 1L, Long::sum);
                lastActivity = max(lastActivity, d.deployedAt());
            }
            for (Instant t : downloadTimes.getOrDefault(name, List.of())) {
                downloadsPerPeriod.merge(key(t, period), 1L, Long::sum);
                use.merge(name, 1L, Long::sum);
                lastActivity = max(lastActivity, t);
            }
            if (lastActivity == null || lastActivity.isBefore(activeSince)) {
                inactive.add(name);
            }
        }
        List<String> mostUsed = use.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).toList();
        return new RegistryStatistics(models, versions, byStage, byType, byTier, logical,
                blobs.values().stream().mapToLong(Long::longValue).sum(), registrations, deployments, downloadsPerPeriod,
                downloads != null, mostUsed, inactive);
    }

    private static Instant max(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    static String key(Instant at, RegistryStatistics.Period period) {
        ZonedDateTime t = at.atZone(ZoneOffset.UTC);
        return switch (period) {
            case DAY -> t.toLocalDate().toString();
            case WEEK -> String.format(Locale.ROOT, "%d-W%02d", t.get(IsoFields.WEEK_BASED_YEAR),
                    t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            case MONTH -> String.format(Locale.ROOT, "%d-%02d", t.getYear(), t.getMonthValue());
        };
    }

}
