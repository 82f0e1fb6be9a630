package io.jmreg.core.pipeline;

/**
 * Every public operation of the registry, as the pipeline sees it: authorization, audit and metrics key on these.
 * {@code read} operations change nothing in the store.
 */
public enum RegistryOperation {
    /** Register a version. */ REGISTER(false),
    /** Resolve a reference. */ RESOLVE(true),
    /** List model names. */ LIST_MODELS(true),
    /** A model's summary. */ GET_MODEL(true),
    /** A model's versions. */ LIST_VERSIONS(true),
    /** Set or move an alias. */ SET_ALIAS(false),
    /** Remove an alias. */ REMOVE_ALIAS(false),
    /** Read aliases or their history. */ READ_ALIASES(true),
    /** Merge metrics. */ UPDATE_METRICS(false),
    /** Add or remove tags. */ UPDATE_TAGS(false),
    /** Replace a version's description. */ UPDATE_DESCRIPTION(false),
    /** Delete a version. */ DELETE_VERSION(false),
    /** Materialise a version's files (artifact bytes read). */ PULL(true),
    /** Stream one artifact file (artifact bytes read). */ OPEN_ARTIFACT(true),
    /** Write a whole version as one zip or tar archive (artifact bytes read; always audited). */ ARCHIVE(true),
    /** Move a version to another stage. */ PROMOTE(false),
    /** Read stage history or pending promotions. */ STAGE_HISTORY(true),
    /** Approve a pending promotion. */ APPROVE(false),
    /** Deploy to an environment. */ DEPLOY(false),
    /** Roll an environment back. */ ROLLBACK(false),
    /** Read deployments or their history. */ READ_DEPLOYMENTS(true),
    /** Compare two versions. */ COMPARE(true),
    /** Replay a model's state at an instant. */ STATE_AT(true),
    /** Navigate lineage. */ LINEAGE(true),
    /** Search versions or models across the registry. */ SEARCH(true),
    /** Collect garbage. */ COLLECT_GARBAGE(false),
    /** Check and repair the local pull cache. */ VERIFY_CACHE(false),
    /** Read the state machine or other configuration. */ READ_CONFIGURATION(true),
    /** Read the access policy. */ READ_POLICY(true),
    /** Install or replace the access policy. */ CHANGE_POLICY(false),
    /** Query or export the audit trail. */ READ_AUDIT(true),
    /** Verify the audit trail. */ VERIFY_AUDIT(true),
    /** Sign a checkpoint of the audit trail (writes the checkpoint, no audit entry). */ SEAL_AUDIT(false),
    /** List webhook subscriptions or their deliveries. */ READ_WEBHOOKS(true),
    /** Add or remove a webhook subscription, or redeliver. */ MANAGE_WEBHOOKS(false),
    /** Start delivering webhooks in this process (reads the logs; writes only delivery records). */
    DELIVER_WEBHOOKS(true);

    private final boolean read;

    RegistryOperation(boolean read) {
        this.read = read;
    }

    /** True when the operation changes nothing in the store. */
    public boolean read() {
        return read;
    }
}
