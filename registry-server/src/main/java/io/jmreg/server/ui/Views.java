package io.jmreg.server.ui;

import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditReport;
import io.jmreg.api.lifecycle.Comparison;
import io.jmreg.api.lifecycle.EnvironmentDeployment;
import io.jmreg.api.lifecycle.PromotionRequest;
import io.jmreg.api.lifecycle.StageChange;
import io.jmreg.api.model.AliasChange;
import io.jmreg.api.model.ModelSummary;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.search.RegistryStatistics;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What each page of the web UI shows: one record per page, handed to its template as the only parameter. */
public final class Views {
    private Views() {
    }

    /**
     * What every page's frame needs.
     *
     * @param title     the page title
     * @param section   the navigation entry to mark (models, compare, audit, stats, webhooks)
     * @param principal who is signed in
     * @param csrf      the session's CSRF token, put into every form
     * @param flash     the outcome of the last action, or null
     * @param mayAudit  whether the principal may read the audit trail (the Audit link is shown only then)
     * @param webhooks  whether the principal manages webhooks (the navigation links their page)
     */
    public record Frame(String title, String section, String principal, String csrf, Flash flash, boolean mayAudit,
                        boolean webhooks) {
        /** A frame without the audit and webhooks links. */
        public Frame(String title, String section, String principal, String csrf, Flash flash) {
            this(title, section, principal, csrf, flash, false, false);
        }
    }

    /** A query or sort (the {@code field}) the search refused, with the position of the problem. */
    public record QueryProblem(String field, String input, int offset, String message) {
        /** Spaces up to the offending character, to put a caret under it. */
        public String pad() {
            return " ".repeat(Math.max(0, Math.min(offset, input.length())));
        }
    }

    /**
     * One model of the list: its latest version, the version that serves (the {@code production} alias, else the
     * main version deployed to production, else the latest) with that version's stage, owner and type.
     */
    public record ModelRow(String name, String latest, String serving, String stage, String owner, String type,
                           Map<String, String> aliases, int versions, Instant updated) {
    }

    /**
     * The model list. {@code next} is the next page's token, null on the last page; {@code previous} the previous
     * page's link, null on the first page.
     */
    public record ModelListPage(Frame frame, String query, String sort, QueryProblem problem, List<ModelRow> rows,
                                long total, String page, String next, String previous, String trail) {
        /**
         * The trail the next page carries: this one's, then this page's token ({@code -} for the first page), its
         * oldest tokens dropped beyond {@link Paging}'s bound so that a link deep into the list stays a URL servers
         * accept ("Previous page" then leads back as far as the trail reaches, then to the first page).
         */
        public String trailOnward() {
            return Paging.push(trail, page);
        }
    }

    /** One version in a model's table. */
    public record VersionRow(ModelVersion version, List<String> aliases, List<String> environments) {
    }

    /** What the signed-in principal may do on a model. */
    public record Actions(boolean promote, boolean deploy, boolean update) {
    }

    /** The model page. */
    public record ModelPage(Frame frame, ModelSummary summary, List<VersionRow> versions, List<String> metricColumns,
                            Map<String, EnvironmentDeployment> deployments, List<AliasChange> aliasHistory,
                            Chart chart, List<String> chartMetrics, List<PromotionRequest> pending, Actions actions,
                            List<VersionRow> shownVersions, Pages versionPages,
                            Map<String, EnvironmentDeployment> shownDeployments, Pages deploymentPages) {
    }

    /** The model's state at a past instant, seen from one version. */
    public record AsOf(String input, Instant at, String stage, List<String> aliases, List<String> environments) {
    }

    /**
     * The version page; {@code approvable} names the stages of pending requests the signed-in principal may approve
     * (it holds promote and is neither the requester nor, where the stage excludes it, the version's creator).
     */
    public record VersionPage(Frame frame, ModelVersion version, List<Fact> record, List<Fact> model,
                              List<Fact> training, List<String> aliases, List<String> environments,
                              List<StageChange> stageHistory, List<AuditEntry> audit, String auditNote,
                              Picture lineage, AsOf asOf, String asOfProblem, List<String> promotable,
                              List<PromotionRequest> pending, List<String> otherVersions, Actions actions,
                              Readme readme, List<String> approvable) {
    }

    /**
     * A version's README shown as its card when it has no description.
     *
     * @param path     the artifact path of the file
     * @param download where the file downloads
     * @param html     the file rendered as safe Markdown, or null when it is not shown
     * @param note     why it is not shown (too large, unreadable), or null
     */
    public record Readme(String path, String download, String html, String note) {
    }

    /** The compare page; {@code comparison} is null until two versions are chosen. */
    public record ComparePage(Frame frame, String a, String b, String metric, boolean higherIsBetter,
                              Comparison comparison, ModelVersion versionA, ModelVersion versionB, Chart chart,
                              List<String> chartMetrics, String problem) {
    }

    /** The audit page; {@code report} is null until verification is asked for. */
    public record AuditPage(Frame frame, String principal, String action, String resource, String from, String to,
                            List<AuditEntry> entries, boolean more, AuditReport report, String problem, Pages pages) {
    }

    /** Links to the first, previous and next page of a list (null where there is none). */
    public record Pages(String first, String previous, String next) {
        /** Whether any link is shown. */
        public boolean any() {
            return first != null || previous != null || next != null;
        }
    }

    /** The statistics page. */
    public record StatsPage(Frame frame, RegistryStatistics statistics, String period) {
    }

    /**
     * A destructive action waiting for a second, explicit yes: {@code fields} are posted again to {@code action} with
     * {@code confirm=yes}; {@code back} is where "Cancel" leads.
     */
    public record ConfirmPage(Frame frame, String question, String consequence, String button, String action,
                              Map<String, String> fields, String back) {
    }

    /** The sign-in page. */
    public record SignInPage(String csrf, String next, String problem) {
    }

    /** An error page. */
    public record ErrorPage(Frame frame, int status, String heading, String message) {
    }
}
