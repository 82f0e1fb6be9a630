package io.jmreg.server.ui;

import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.audit.AuditReport;
import io.jmreg.api.audit.AuditVerification;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.lifecycle.Comparison;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.search.RegistryStatistics;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** The compare page (an evaluation report when printed), the audit page and the statistics page. */
final class ReviewPages {
    static final int AUDIT_ROWS = 200;
    private static final int SAME_INSTANT = 64; // entries of one instant read beyond a page, dropped by sequence

    Reply compare(Visit v) {
        String a = v.param("a");
        String b = v.param("b");
        String metric = v.param("metric");
        boolean higher = !v.param("higher").equals("false");
        Comparison comparison = null;
        ModelVersion va = null;
        ModelVersion vb = null;
        Chart chart = null;
        List<String> chartMetrics = List.of();
        String problem = null;
        if (!a.isEmpty() && !b.isEmpty()) {
            try {
                va = v.registry().resolve(a);
                vb = v.registry().resolve(b);
                comparison = v.registry().lifecycle().compare(a, b, metric.isEmpty() ? null : metric, higher);
                List<ModelVersion> line = new ArrayList<>(v.registry().listVersions(va.name()));
                if (!vb.name().equals(va.name())) {
                    line = List.of(va, vb);
                }
                TreeSet<String> names = new TreeSet<>(va.metrics().keySet());
                names.retainAll(vb.metrics().keySet());
                chartMetrics = List.copyOf(names);
                String drawn = names.contains(metric) ? metric : names.isEmpty() ? "" : names.first();
                chart = drawn.isEmpty() ? null : Chart.of(drawn, line);
            } catch (AccessDeniedException e) {
                throw e;
            } catch (RegistryException e) {
                problem = e.getMessage();
                comparison = null;
            }
        } else if (!a.isEmpty() || !b.isEmpty()) {
            problem = "Choose two versions to compare.";
        }
        String title = comparison == null ? "Compare versions" : "Evaluation report: " + a + " vs " + b;
        return Reply.page("compare.jte", new Views.ComparePage(v.frame(title, "compare"), a, b, metric, higher,
                comparison, va, vb, chart, chartMetrics, problem));
    }

    Reply audit(Visit v) {
        String principal = v.param("principal");
        String action = v.param("action");
        String resource = v.param("resource");
        AuditQuery query = AuditQuery.all();
        String problem = null;
        List<AuditEntry> shown = List.of();
        boolean more = false;
        Paging.Cursor before = null;
        try {
            before = Paging.Cursor.parse(v.param("before"));
            if (!principal.isEmpty()) {
                query = query.principal(principal);
            }
            if (!action.isEmpty()) {
                query = query.action(action);
            }
            if (!resource.isEmpty()) {
                query = query.resource(resource);
            }
            if (!v.param("from").isEmpty() || !v.param("to").isEmpty()) {
                query = query.between(v.param("from").isEmpty() ? null : ModelPages.instant(v.param("from")),
                        v.param("to").isEmpty() ? null : ModelPages.instant(v.param("to")));
            }
            AuditQuery window = query.newestFirst(true).limit(AUDIT_ROWS + 1);
            if (before != null) { // an older page: up to the instant of the last entry shown before (same-instant
                // entries are read too and dropped by sequence number)
                Instant end = before.at().plusNanos(1);
                if (query.to() == null || end.isBefore(query.to())) {
                    window = window.between(query.from(), end);
                }
                window = window.limit(AUDIT_ROWS + 1 + SAME_INSTANT);
            }
            // read from the end of the trail: the newest rows, and one more to tell whether there are older ones
            long below = before == null ? Long.MAX_VALUE : before.seq();
            List<AuditEntry> newest = v.registry().audit().query(window).stream().filter(e -> e.seq() < below)
                    .toList();
            more = newest.size() > AUDIT_ROWS;
            shown = newest.subList(0, Math.min(AUDIT_ROWS, newest.size()));
        } catch (ValidationException | DateTimeParseException e) {
            problem = e.getMessage();
        }
        AuditReport report = null;
        if (v.param("verify").equals("1")) {
            report = v.registry().audit().verify(AuditVerification.trusting());
        }
        String trail = before == null ? "" : v.param("trail").strip();
        String filters = Links.audit(principal, action, resource, v.param("from"), v.param("to"), "", "");
        String next = more ? Links.audit(principal, action, resource, v.param("from"), v.param("to"),
                Paging.Cursor.of(shown.get(shown.size() - 1)).text(), Paging.push(trail, v.param("before"))) : null;
        String previous = before == null ? null : Links.audit(principal, action, resource, v.param("from"),
                v.param("to"), Paging.top(trail), Paging.pop(trail));
        return Reply.page("audit.jte", new Views.AuditPage(v.frame("Audit trail", "audit"), principal, action, resource,
                v.param("from"), v.param("to"), List.copyOf(shown), more, report, problem,
                new Views.Pages(before == null ? null : filters, previous, next)));
    }

    Reply statistics(Visit v) {
        String period = v.param("period").isEmpty() ? "week" : v.param("period").toLowerCase(Locale.ROOT);
        RegistryStatistics.Period p;
        try {
            p = RegistryStatistics.Period.valueOf(period.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UiProblem(400, "Bad request", "The period must be day, week or month, not '" + period + "'.");
        }
        return Reply.page("stats.jte", new Views.StatsPage(v.frame("Statistics", "stats"),
                v.registry().search().statistics(p, 30), period));
    }
}
