package io.jmreg.core.pipeline;

import io.jmreg.api.access.Permission;

/**
 * Every public operation of the registry, as the pipeline sees it: authorization, audit and metrics key on these.
 * {@code read} operations change nothing in the store. Each declares the permission it needs.
 */
public enum RegistryOperation {
    /** Register a version. */ REGISTER(false, Permission.MODELS_CREATE),
    /** Resolve a reference. */ RESOLVE(true, Permission.MODELS_READ),
    /** List model names. */ LIST_MODELS(true, Permission.MODELS_READ),
    /** A model's summary. */ GET_MODEL(true, Permission.MODELS_READ),
    /** A model's versions. */ LIST_VERSIONS(true, Permission.MODELS_READ),
    /** Set or move an alias. */ SET_ALIAS(false, Permission.MODELS_DEPLOY),
    /** Remove an alias. */ REMOVE_ALIAS(false, Permission.MODELS_DEPLOY),
    /** Read aliases or their history. */ READ_ALIASES(true, Permission.MODELS_READ),
    /** Merge metrics. */ UPDATE_METRICS(false, Permission.MODELS_UPDATE),
    /** Add or remove tags. */ UPDATE_TAGS(false, Permission.MODELS_UPDATE),
    /** Replace a version's description. */ UPDATE_DESCRIPTION(false, Permission.MODELS_UPDATE),
    /** Replace a model's own description (its model card). */ UPDATE_MODEL_DESCRIPTION(false, Permission.MODELS_UPDATE),
    /** Delete a version. */ DELETE_VERSION(false, Permission.MODELS_DELETE),
    /** Materialise a version's files (artifact bytes read). */ PULL(true, Permission.MODELS_READ),
    /** Stream one artifact file (artifact bytes read). */ OPEN_ARTIFACT(true, Permission.MODELS_READ),
    /** Write a whole version as one zip or tar archive (artifact bytes read; always audited). */ ARCHIVE(true, Permission.MODELS_READ),
    /** Move a version to another stage. */ PROMOTE(false, Permission.MODELS_PROMOTE),
    /** Read stage history or pending promotions. */ STAGE_HISTORY(true, Permission.MODELS_READ),
    /** Approve a pending promotion. */ APPROVE(false, Permission.MODELS_PROMOTE),
    /** Deploy to an environment. */ DEPLOY(false, Permission.MODELS_DEPLOY),
    /** Roll an environment back. */ ROLLBACK(false, Permission.MODELS_DEPLOY),
    /** Read deployments or their history. */ READ_DEPLOYMENTS(true, Permission.MODELS_READ),
    /** Compare two versions. */ COMPARE(true, Permission.MODELS_READ),
    /** Replay a model's state at an instant. */ STATE_AT(true, Permission.MODELS_READ),
    /** Navigate lineage. */ LINEAGE(true, Permission.MODELS_READ),
    /** Search versions or models across the registry. */ SEARCH(true, Permission.REGISTRY_SEARCH),
    /** Collect garbage. */ COLLECT_GARBAGE(false, Permission.REGISTRY_GC),
    /** Check and repair the local pull cache. */ VERIFY_CACHE(false, null),
    /** Read the state machine or other configuration. */ READ_CONFIGURATION(true, null),
    /** Read the access policy. */ READ_POLICY(true, Permission.ACCESS_CONTROL_MANAGE),
    /** Install or replace the access policy. */ CHANGE_POLICY(false, Permission.ACCESS_CONTROL_MANAGE),
    /** Query or export the audit trail. */ READ_AUDIT(true, Permission.REGISTRY_AUDIT),
    /** Verify the audit trail. */ VERIFY_AUDIT(true, Permission.REGISTRY_AUDIT),
    /** Sign a checkpoint of the audit trail (writes the checkpoint, no audit entry). */ SEAL_AUDIT(false, Permission.REGISTRY_AUDIT),
    /** List webhook subscriptions or their deliveries. */ READ_WEBHOOKS(true, Permission.REGISTRY_WEBHOOKS),
    /** Add or remove a webhook subscription, or redeliver. */ MANAGE_WEBHOOKS(false, Permission.REGISTRY_WEBHOOKS),
    /** Start delivering webhooks in this process (reads the logs; writes only delivery records). */
    DELIVER_WEBHOOKS(true, null);

    private final boolean read;
    private final Permission permission;

    RegistryOperation(boolean read, Permission permission) {
        this.read = read;
        this.permission = permission;
    }

    /**
     * The permission the operation needs (its {@code adapters:} twin on an adapter model): on every model or
     * version it reads or changes for {@code models:} permissions, on the registry for the others. Null only for
     * the operations that touch no stored model data and need none ({@link #unguarded()}): every other operation
     * declares one, and the authorizer refuses an operation that declares none.
     */
    public Permission permission() {
        return permission;
    }

    /**
     * Whether the operation needs no permission: it reads or changes nothing of the store's models (this process's
     * own pull cache, the configured state machine, this process's webhook delivery loop).
     */
    public boolean unguarded() {
        return permission == null;
    }

    /** True when the operation changes nothing in the store. */
    public boolean read() {
        return read;
    }
}
