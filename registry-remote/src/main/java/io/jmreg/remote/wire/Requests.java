package io.jmreg.remote.wire;

import io.jmreg.api.Registration;
import io.jmreg.api.lifecycle.TrafficSplit;
import io.jmreg.api.search.BulkChange;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** The bodies of the HTTP API's requests that are not API value types themselves. */
public final class Requests {
    private Requests() {
    }

    /** Register the files of an upload (or none) as a new version. */
    public record Register(Registration registration, String upload) {
    }

    /** A new upload session. */
    public record UploadCreated(String id) {
    }

    /** Point an alias at a version. */
    public record SetAlias(String version) {
    }

    /** Add or replace metrics. */
    public record Metrics(Map<String, Double> metrics) {
    }

    /** A version's new description (null: none). */
    public record Description(String description) {
    }

    /** Add and remove tags. */
    public record Tags(Set<String> add, Set<String> remove) {
    }

    /** Promote to a stage, naming the gates to evaluate (none: the stage's own). */
    public record Promote(String stage, List<String> gates) {
    }

    /** Approve a pending promotion. */
    public record Approve(String stage) {
    }

    /** Deploy one version (with adapters) or an A/B split. */
    public record Deploy(String version, List<TrafficSplit> splits, String endpoint, Integer replicas,
                         List<String> adapters) {
    }

    /** Collect garbage older than {@code graceSeconds}. */
    public record Gc(long graceSeconds) {
    }

    /** Apply (or preview) a change to every version a query selects. */
    public record Bulk(String query, BulkChange change, boolean dryRun) {
    }

    /** Verify the audit trail, trusting these checkpoint keys ({@link Keys}) and this checkpoint. */
    public record VerifyAudit(List<String> trustedKeys, io.jmreg.api.audit.AuditCheckpoint trustedCheckpoint,
                              boolean modelLogs) {
    }

    /** Whether the caller has a permission on a model. */
    public record Allowed(boolean allowed) {
    }

    /** The caller as the server knows it. */
    public record Principal(String principal) {
    }

    /** One page of model names; {@code nextPageToken} is null (absent) on the last page. */
    public record ModelPage(List<String> models, String nextPageToken) {
    }

    /** One page of a model's versions, oldest first; {@code nextPageToken} is null (absent) on the last page. */
    public record VersionPage(List<io.jmreg.api.model.ModelVersion> versions, String nextPageToken) {
    }

    /** One page of audit entries in the query's order; {@code nextPageToken} is null (absent) on the last page. */
    public record AuditPage(List<io.jmreg.api.audit.AuditEntry> entries, String nextPageToken) {
    }

    /** One page of a model's deployments by environment name; {@code nextPageToken} is null on the last page. */
    public record DeploymentPage(Map<String, io.jmreg.api.lifecycle.EnvironmentDeployment> deployments,
                                 String nextPageToken) {
    }

    /** An error: a stable code, a message, and structured details for some codes. */
    public record Error(String code, String message, Map<String, Object> details) {
    }
}
