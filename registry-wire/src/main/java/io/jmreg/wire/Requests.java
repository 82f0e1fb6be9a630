package io.jmreg.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.jmreg.api.Registration;
import io.jmreg.api.audit.AuditCheckpoint;
import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.lifecycle.EnvironmentDeployment;
import io.jmreg.api.lifecycle.TrafficSplit;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.search.BulkChange;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The bodies of the HTTP API's requests that are not API value types themselves. */
public final class Requests {
    private Requests() {
    }

    /** Register the files of an upload (or none) as a new version. */
    public record Register(@JsonProperty("registration") Registration registration,
                           @JsonProperty("upload") String upload) {
    }

    /** A new upload session. */
    public record UploadCreated(@JsonProperty("id") String id) {
    }

    /** Point an alias at a version. */
    public record SetAlias(@JsonProperty("version") String version) {
    }

    /** Add or replace metrics. */
    public record Metrics(@JsonProperty("metrics") Map<String, Double> metrics) {
    }

    /** Add and remove tags. */
    public record Tags(@JsonProperty("add") Set<String> add, @JsonProperty("remove") Set<String> remove) {
    }

    /** Promote to a stage, naming the gates to evaluate (none: the stage's own). */
    public record Promote(@JsonProperty("stage") String stage, @JsonProperty("gates") List<String> gates) {
    }

    /** Approve a pending promotion. */
    public record Approve(@JsonProperty("stage") String stage) {
    }

    /** Deploy one version (with adapters) or an A/B split. */
    public record Deploy(@JsonProperty("version") String version,
                         @JsonProperty("splits") List<TrafficSplit> splits,
                         @JsonProperty("endpoint") String endpoint,
                         @JsonProperty("replicas") Integer replicas,
                         @JsonProperty("adapters") List<String> adapters) {
    }

    /** Collect garbage older than {@code graceSeconds}. */
    public record Gc(@JsonProperty("grace_seconds") long graceSeconds) {
    }

    /** Apply (or preview) a change to every version a query selects. */
    public record Bulk(@JsonProperty("query") String query,
                       @JsonProperty("change") BulkChange change,
                       @JsonProperty("dry_run") boolean dryRun) {
    }

    /** A new description of a version, or a model's new card (null: none). */
    public record Description(@JsonProperty("description") String description) {
    }

    /**
     * Verify the audit trail, trusting these checkpoint keys ({@link Keys}) and this checkpoint; the model logs are
     * checked unless {@code modelLogs} is false (null, absent: checked, as {@code jmreg audit verify} does); unaudited
     * log entries fail it unless tolerated, those younger than {@code maxAuditLagMillis} (null: the default) are
     * pending.
     */
    public record VerifyAudit(@JsonProperty("trusted_keys") List<String> trustedKeys,
                              @JsonProperty("trusted_checkpoint") AuditCheckpoint trustedCheckpoint,
                              @JsonProperty("model_logs") Boolean modelLogs,
                              @JsonProperty("tolerate_unaudited") boolean tolerateUnaudited,
                              @JsonProperty("max_audit_lag_millis") Long maxAuditLagMillis) {
        /** A request with the default handling of unaudited entries. */
        public VerifyAudit(List<String> trustedKeys, AuditCheckpoint trustedCheckpoint,
                           boolean modelLogs) {
            this(trustedKeys, trustedCheckpoint, modelLogs, false, null);
        }
    }

    /** Whether the caller has a permission on a model. */
    public record Allowed(@JsonProperty("allowed") boolean allowed) {
    }

    /** The caller as the server knows it. */
    public record Principal(@JsonProperty("principal") String principal) {
    }

    /** One page of model names; {@code nextPageToken} is null (absent) on the last page. */
    public record ModelPage(@JsonProperty("models") List<String> models,
                            @JsonProperty("next_page_token") String nextPageToken) {
    }

    /** One page of a model's versions, oldest first; {@code nextPageToken} is null (absent) on the last page. */
    public record VersionPage(@JsonProperty("versions") List<ModelVersion> versions,
                              @JsonProperty("next_page_token") String nextPageToken) {
    }

    /** One page of audit entries in the query's order; {@code nextPageToken} is null (absent) on the last page. */
    public record AuditPage(@JsonProperty("entries") List<AuditEntry> entries,
                            @JsonProperty("next_page_token") String nextPageToken) {
    }

    /** One page of a model's deployments by environment name; {@code nextPageToken} is null on the last page. */
    public record DeploymentPage(@JsonProperty("deployments") Map<String, EnvironmentDeployment> deployments,
                                 @JsonProperty("next_page_token") String nextPageToken) {
    }

    /**
     * An error: a stable code, its kind ({@code not_found}, {@code denied}, ...: absent for an internal error), a
     * message, and structured details for some codes.
     */
    public record Error(@JsonProperty("code") String code,
                        @JsonProperty("kind") String kind,
                        @JsonProperty("message") String message,
                        @JsonProperty("details") Map<String, Object> details) {
        /** An error without a kind. */
        public Error(String code, String message, Map<String, Object> details) {
            this(code, null, message, details);
        }
    }
}
