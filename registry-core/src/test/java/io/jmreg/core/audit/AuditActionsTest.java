package io.jmreg.core.audit;

import io.jmreg.core.pipeline.RegistryOperation;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every operation has an audit action of its own, and the actions already in stores never change. */
class AuditActionsTest {
    /** The actions stores written by format 1 hold: never rename one (add new ones at the end). */
    private static final Set<String> FORMAT_1 = Set.of(
                "register", "resolve", "list_models", "get_model", "list_versions", "set_alias", "remove_alias",
                "read_aliases", "update_metrics", "update_tags", "delete_version", "pull", "open_artifact",
                "archive", "promote", "stage_history", "approve", "deploy", "rollback", "read_deployments",
                "compare", "state_at", "lineage", "search", "collect_garbage", "verify_cache", "read_configuration",
                "read_policy", "change_policy", "read_audit", "verify_audit", "seal_audit", "read_webhooks",
                "manage_webhooks", "deliver_webhooks");

    @Test
    void everyOperationHasItsOwnAuditAction() {
        Set<String> seen = new HashSet<>();
        for (RegistryOperation op : RegistryOperation.values()) {
            String action = AuditActions.of(op);
            assertThat(action).as(op.name()).matches("[a-z]+(_[a-z]+)*");
            assertThat(seen.add(action)).as("action %s named twice", action).isTrue();
        }
        assertThat(AuditActions.all()).hasSize(RegistryOperation.values().length);
    }

    @Test
    void theActionsOfStoredEntriesKeepTheirNames() {
        assertThat(AuditActions.all().values()).containsAll(FORMAT_1);
        assertThat(AuditActions.of(RegistryOperation.SET_ALIAS)).isEqualTo("set_alias");
        assertThat(AuditActions.of(RegistryOperation.REGISTER)).isEqualTo("register");
    }
}
