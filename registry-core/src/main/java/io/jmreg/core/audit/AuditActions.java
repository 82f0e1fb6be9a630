package io.jmreg.core.audit;

import io.jmreg.core.pipeline.RegistryOperation;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The action each operation is recorded under in the audit trail: stored in every audit entry and matched by
 * {@code AuditQuery.action}, so these names are part of the stored format and never change, whatever the operations
 * are called in Java. A new operation gets a new name here ({@code AuditActionsTest} fails without one).
 */
public final class AuditActions {
    private static final Map<RegistryOperation, String> ACTIONS = table();

    private AuditActions() {
    }

    private static Map<RegistryOperation, String> table() {
        Map<RegistryOperation, String> m = new EnumMap<>(RegistryOperation.class);
        m.put(RegistryOperation.REGISTER, "register");
        m.put(RegistryOperation.RESOLVE, "resolve");
        m.put(RegistryOperation.LIST_MODELS, "list_models");
        m.put(RegistryOperation.GET_MODEL, "get_model");
        m.put(RegistryOperation.LIST_VERSIONS, "list_versions");
        m.put(RegistryOperation.SET_ALIAS, "set_alias");
        m.put(RegistryOperation.REMOVE_ALIAS, "remove_alias");
        m.put(RegistryOperation.READ_ALIASES, "read_aliases");
        m.put(RegistryOperation.UPDATE_METRICS, "update_metrics");
        m.put(RegistryOperation.UPDATE_TAGS, "update_tags");
        m.put(RegistryOperation.UPDATE_DESCRIPTION, "update_description");
        m.put(RegistryOperation.UPDATE_MODEL_DESCRIPTION, "update_model_description");
        m.put(RegistryOperation.DELETE_VERSION, "delete_version");
        m.put(RegistryOperation.PULL, "pull");
        m.put(RegistryOperation.OPEN_ARTIFACT, "open_artifact");
        m.put(RegistryOperation.ARCHIVE, "archive");
        m.put(RegistryOperation.PROMOTE, "promote");
        m.put(RegistryOperation.STAGE_HISTORY, "stage_history");
        m.put(RegistryOperation.APPROVE, "approve");
        m.put(RegistryOperation.DEPLOY, "deploy");
        m.put(RegistryOperation.ROLLBACK, "rollback");
        m.put(RegistryOperation.READ_DEPLOYMENTS, "read_deployments");
        m.put(RegistryOperation.COMPARE, "compare");
        m.put(RegistryOperation.STATE_AT, "state_at");
        m.put(RegistryOperation.LINEAGE, "lineage");
        m.put(RegistryOperation.SEARCH, "search");
        m.put(RegistryOperation.COLLECT_GARBAGE, "collect_garbage");
        m.put(RegistryOperation.VERIFY_CACHE, "verify_cache");
        m.put(RegistryOperation.READ_CONFIGURATION, "read_configuration");
        m.put(RegistryOperation.READ_POLICY, "read_policy");
        m.put(RegistryOperation.CHANGE_POLICY, "change_policy");
        m.put(RegistryOperation.READ_AUDIT, "read_audit");
        m.put(RegistryOperation.VERIFY_AUDIT, "verify_audit");
        m.put(RegistryOperation.SEAL_AUDIT, "seal_audit");
        m.put(RegistryOperation.READ_WEBHOOKS, "read_webhooks");
        m.put(RegistryOperation.MANAGE_WEBHOOKS, "manage_webhooks");
        m.put(RegistryOperation.DELIVER_WEBHOOKS, "deliver_webhooks");
        return Collections.unmodifiableMap(m);
    }

    /** The stored action of {@code operation}. */
    public static String of(RegistryOperation operation) {
        String action = ACTIONS.get(operation);
        if (action == null) {
            throw new IllegalStateException("operation " + operation + " has no audit action: name it in AuditActions");
        }
        return action;
    }

    /** Every operation with its action. */
    public static Map<RegistryOperation, String> all() {
        return ACTIONS;
    }
}
