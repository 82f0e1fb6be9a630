package io.jmreg.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.access.Grant;
import io.jmreg.api.access.Permission;
import io.jmreg.api.access.Role;
import io.jmreg.api.access.Scope;
import io.jmreg.api.audit.AuditCheckpoint;
import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditProblem;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.audit.AuditReport;
import io.jmreg.api.audit.AuditVerification;
import io.jmreg.api.audit.AuditedCommit;
import io.jmreg.api.lifecycle.Approval;
import io.jmreg.api.model.Tier;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The wire names of the API's governance records in the HTTP API's JSON, owned here and not by the records'
 * Java names ({@code WireShapeTest} fails when a component has no wire name).
 */
final class WireNamesGovernance {
    private WireNamesGovernance() {
    }

    /** Applies the names of this group to {@code module}. */
    static void apply(SimpleModule module) {
        module.setMixInAnnotation(AccessPolicy.class, AccessPolicyWire.class);
        module.addSerializer(AccessPolicy.class, new PolicyCodec.Writer()); // the document users write
        module.addDeserializer(AccessPolicy.class, new PolicyCodec.Reader());
        module.setMixInAnnotation(Grant.class, GrantWire.class);
        module.setMixInAnnotation(Role.class, RoleWire.class);
        module.setMixInAnnotation(Scope.class, ScopeWire.class);
        module.setMixInAnnotation(AuditCheckpoint.class, AuditCheckpointWire.class);
        module.setMixInAnnotation(AuditEntry.class, AuditEntryWire.class);
        module.setMixInAnnotation(AuditProblem.class, AuditProblemWire.class);
        module.setMixInAnnotation(AuditQuery.class, AuditQueryWire.class);
        module.setMixInAnnotation(AuditReport.class, AuditReportWire.class);
        module.setMixInAnnotation(AuditVerification.class, AuditVerificationWire.class);
        module.setMixInAnnotation(AuditedCommit.class, AuditedCommitWire.class);
    }

    /**
     * Names of {@link AccessPolicy}'s components; on the wire a policy is the policy document users write
     * ({@link PolicyCodec}: {@code roles}, {@code grants}, {@code tiers}, {@code protected.aliases} and
     * {@code protected.environments}, {@code approvals}), which its serializer writes and reads in place of these.
     */
    interface AccessPolicyWire {
        @JsonProperty("roles") Map<String, Role> roles();
        @JsonProperty("grants") List<Grant> grants();
        @JsonProperty("tiers") Map<String, Tier> tiers();
        @JsonProperty("protected_aliases") Set<String> protectedAliases();
        @JsonProperty("protected_environments") Set<String> protectedEnvironments();
        @JsonProperty("approvals") Map<String, Approval> approvals();
    }

    /** Wire names of {@link Grant}. */
    interface GrantWire {
        @JsonProperty("subject") String subject();
        @JsonProperty("roles") List<String> roles();
        @JsonProperty("scope") Scope scope();
    }

    /** Wire names of {@link Role}. */
    interface RoleWire {
        @JsonProperty("name") String name();
        @JsonProperty("permissions") Set<Permission> permissions();
    }

    /**
     * Wire names of {@link Scope}; its derived {@code isRegistry()} is no component (written, the server's strict
     * reading refused every scoped policy).
     */
    @JsonIgnoreProperties("registry")
    interface ScopeWire {
        @JsonProperty("models") String models();
        @JsonProperty("tag") String tag();
    }

    /** Wire names of {@link AuditCheckpoint}. */
    interface AuditCheckpointWire {
        @JsonProperty("seq") long seq();
        @JsonProperty("entry_hash") String entryHash();
        @JsonProperty("at") Instant at();
        @JsonProperty("key_id") String keyId();
        @JsonProperty("signature") String signature();
    }

    /** Wire names of {@link AuditEntry}. */
    interface AuditEntryWire {
        @JsonProperty("seq") long seq();
        @JsonProperty("at") Instant at();
        @JsonProperty("principal") String principal();
        @JsonProperty("action") String action();
        @JsonProperty("resource") String resource();
        @JsonProperty("outcome") AuditEntry.Outcome outcome();
        @JsonProperty("details") Map<String, String> details();
        @JsonProperty("commits") List<AuditedCommit> commits();
        @JsonProperty("previous_hash") String previousHash();
        @JsonProperty("hash") String hash();
    }

    /** Wire names of {@link AuditProblem}. */
    interface AuditProblemWire {
        @JsonProperty("kind") AuditProblem.Kind kind();
        @JsonProperty("position") long position();
        @JsonProperty("location") String location();
        @JsonProperty("message") String message();
    }

    /** Wire names of {@link AuditQuery}. */
    interface AuditQueryWire {
        @JsonProperty("principal") String principal();
        @JsonProperty("action") String action();
        @JsonProperty("resource") String resource();
        @JsonProperty("from") Instant from();
        @JsonProperty("to") Instant to();
        @JsonProperty("limit") int limit();
        @JsonProperty("newest_first") boolean newestFirst();
    }

    /** Wire names of {@link AuditReport}. */
    interface AuditReportWire {
        @JsonProperty("entries") long entries();
        @JsonProperty("trusted_checkpoints") int trustedCheckpoints();
        @JsonProperty("sealed_up_to") long sealedUpTo();
        @JsonProperty("log_entries") long logEntries();
        @JsonProperty("problem") AuditProblem problem();
        @JsonProperty("unaudited") List<String> unaudited();
        @JsonProperty("unaudited_count") long unauditedCount();
        @JsonProperty("pending_count") long pendingCount();
    }

    /** Wire names of {@link AuditVerification}. */
    interface AuditVerificationWire {
        @JsonProperty("trusted_keys") Set<PublicKey> trustedKeys();
        @JsonProperty("trusted_checkpoint") AuditCheckpoint trustedCheckpoint();
        @JsonProperty("model_logs") boolean modelLogs();
        @JsonProperty("tolerate_unaudited") boolean tolerateUnaudited();
        @JsonProperty("max_audit_lag") Duration maxAuditLag();
    }

    /** Wire names of {@link AuditedCommit}. */
    interface AuditedCommitWire {
        @JsonProperty("model") String model();
        @JsonProperty("seq") long seq();
        @JsonProperty("sha256") String sha256();
    }
}
