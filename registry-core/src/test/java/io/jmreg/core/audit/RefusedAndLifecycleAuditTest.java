package io.jmreg.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditEntry.Outcome;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.GateFailedException;
import io.jmreg.api.exceptions.IllegalTransitionException;
import io.jmreg.api.exceptions.OperationNotAllowedException;
import io.jmreg.api.lifecycle.Approval;
import io.jmreg.api.lifecycle.TrafficSplit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refused changes are audited as REFUSED with the reason; promotion, deployment and rollback entries are complete. */
class RefusedAndLifecycleAuditTest {
    @TempDir
    Path temp;

    private static AuditEntry newest(ModelRegistry r, String action) {
        List<AuditEntry> entries = r.audit().query(AuditQuery.all().action(action).newestFirst(true).limit(1));
        assertThat(entries).as("an entry for %s", action).hasSize(1);
        return entries.get(0);
    }

    @Test
    void refusedPromotionsAndApprovalsAreAuditedAsRefused() {
        try (ModelRegistry r = ModelRegistry.open(RegistryOptions.builder("mem:").principal("admin")
                .cacheDirectory(temp.resolve("c")).build())) {
            r.access().install(AccessPolicy.builder().grant("admin", "model_admin").grant("eng1", "ml_engineer")
                    .grant("eng2", "ml_engineer").grant("view", "viewer")
                    .requireApproval("production", Approval.OTHER_PRINCIPAL).build());
            r.registerModel(Registration.builder("m").version("1.0.0").metric("acc", 0.5).build());

            assertThatThrownBy(() -> r.lifecycle().promote("m:1.0.0", "testing", "metrics.acc >= 0.9"))
                    .isInstanceOf(GateFailedException.class);
            AuditEntry gate = newest(r, "promote");
            assertThat(gate.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(gate.details()).containsEntry("refused", "gate").containsEntry("gates", "metrics.acc >= 0.9");
            assertThat(gate.commits()).isEmpty();

            assertThatThrownBy(() -> r.lifecycle().promote("m:1.0.0", "production"))
                    .isInstanceOf(IllegalTransitionException.class);
            assertThat(newest(r, "promote").details()).containsEntry("refused", "transition");
            assertThat(newest(r, "promote").outcome()).isEqualTo(Outcome.REFUSED);

            assertThatThrownBy(() -> r.as("eng2").lifecycle().approve("m:1.0.0", "testing"))
                    .isInstanceOf(OperationNotAllowedException.class);
            assertThat(newest(r, "approve").outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(newest(r, "approve").details()).containsEntry("refused", "not_allowed");

            r.lifecycle().promote("m:1.0.0", "testing");
            AuditEntry moved = newest(r, "promote");
            assertThat(moved.outcome()).isEqualTo(Outcome.OK);
            assertThat(moved.details()).containsEntry("from", "development").containsEntry("to", "testing");
            r.lifecycle().promote("m:1.0.0", "staging");
            r.as("eng1").lifecycle().promote("m:1.0.0", "production");
            assertThat(newest(r, "promote").details()).containsEntry("approval", "requested")
                    .containsEntry("from", "staging").containsEntry("to", "production");

            assertThatThrownBy(() -> r.as("eng1").lifecycle().approve("m:1.0.0", "production"))
                    .isInstanceOfSatisfying(AccessDeniedException.class, d -> {
                        assertThat(d.principal()).isEqualTo("eng1");
                        assertThat(d.permission()).as("a permission id, as every denial").isEqualTo("models:promote");
                        assertThat(d.resource()).as("the reference as given").isEqualTo("m:1.0.0");
                        assertThat(d.reason()).startsWith("separation of duties: 'eng1' requested the promotion");
                        assertThat(d.getMessage()).isEqualTo("access denied: principal 'eng1' may not use "
                                + "models:promote on m:1.0.0: separation of duties: 'eng1' requested the promotion of "
                                + "m:1.0.0 to 'production', and it must be approved by another principal");
                    });
            AuditEntry self = newest(r, "approve");
            assertThat(self.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(self.principal()).isEqualTo("eng1");
            assertThat(self.resource()).isEqualTo("m:1.0.0");
            assertThat(self.details()).containsEntry("refused", "separation_of_duties")
                    .containsEntry("permission", "models:promote").containsEntry("denied", "m:1.0.0");

            assertThatThrownBy(() -> r.as("view").lifecycle().approve("m:1.0.0", "production"))
                    .isInstanceOf(AccessDeniedException.class);
            assertThat(newest(r, "approve").outcome()).as("a denial stays a denial").isEqualTo(Outcome.DENIED);

            r.as("eng2").lifecycle().approve("m:1.0.0", "production");
            AuditEntry approved = newest(r, "approve");
            assertThat(approved.outcome()).isEqualTo(Outcome.OK);
            assertThat(approved.details()).containsEntry("requested_by", "eng1").containsEntry("approved_by", "eng2")
                    .containsEntry("from", "staging").containsEntry("to", "production");
        }
    }

    @Test
    void deploymentAndRollbackEntriesNameTheVersionsAndSplit() {
        try (ModelRegistry r = ModelRegistry.open(RegistryOptions.builder("mem:").principal("admin")
                .cacheDirectory(temp.resolve("c")).build())) {
            r.registerModel(Registration.builder("m").version("1.0.0").build());
            r.registerModel(Registration.builder("m").version("1.1.0").build());
            r.lifecycle().deploy("m:1.0.0", "prod", "https://x", 2);
            assertThat(newest(r, "deploy").details()).containsEntry("versions", "1.0.0=100")
                    .containsEntry("environment", "prod").doesNotContainKey("replaced");
            r.lifecycle().deploy("m", "prod", List.of(new TrafficSplit("1.0.0", 90), new TrafficSplit("1.1.0", 10)), "https://x", 2);
            assertThat(newest(r, "deploy").details()).containsEntry("versions", "1.0.0=90,1.1.0=10")
                    .containsEntry("replaced", "1.0.0=100");
            r.lifecycle().rollback("m", "prod");
            assertThat(newest(r, "rollback").details()).containsAllEntriesOf(Map.of("versions", "1.0.0=100",
                    "replaced", "1.0.0=90,1.1.0=10", "environment", "prod"));
        }
    }
}
