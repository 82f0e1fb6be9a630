package io.jmreg.core.access;

import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.access.Permission;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.api.model.Kind;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.model.Tier;
import io.jmreg.core.log.ModelState;
import io.jmreg.core.pipeline.OperationContext;
import io.jmreg.core.pipeline.OperationHook;
import io.jmreg.core.pipeline.Resource;
import io.jmreg.core.resolve.ReferenceResolver;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.jmreg.api.access.Permission.ACCESS_CONTROL_MANAGE;
import static io.jmreg.api.access.Permission.MODELS_CREATE;
import static io.jmreg.api.access.Permission.MODELS_DELETE;
import static io.jmreg.api.access.Permission.MODELS_DELETE_OWN;
import static io.jmreg.api.access.Permission.MODELS_DEPLOY;
import static io.jmreg.api.access.Permission.MODELS_DEPLOY_PROTECTED;
import static io.jmreg.api.access.Permission.MODELS_PROMOTE;
import static io.jmreg.api.access.Permission.MODELS_READ;
import static io.jmreg.api.access.Permission.MODELS_UPDATE;
import static io.jmreg.api.access.Permission.REGISTRY_GC;
import static io.jmreg.api.access.Permission.REGISTRY_AUDIT;
import static io.jmreg.api.access.Permission.REGISTRY_SEARCH;

/**
 * The authorization point of the pipeline: before any operation, the principal must hold the permission the
 * operation needs on its resource under the policy in force (none installed: everything allowed). Versions of kind
 * ADAPTER need the {@code adapters:} twin. A refusal is an {@link AccessDeniedException} and nothing is done; it is
 * decided before the resource is looked at, so a principal without {@code read} learns nothing of what exists.
 * Lists and searches are narrowed to what the principal may read.
 */
public final class Authorizer implements OperationHook {
    private final PolicyStore policies;
    private final ReferenceResolver resolver;

    /** Authorization under the policy of {@code policies}; kinds and creators are looked up through {@code resolver}. */
    public Authorizer(PolicyStore policies, ReferenceResolver resolver) {
        this.policies = policies;
        this.resolver = resolver;
    }

    @Override
    public boolean idleFor(io.jmreg.core.pipeline.RegistryOperation operation) {
        return policies.current().isEmpty();
    }

    @Override
    public void before(OperationContext ctx) {
        if (ctx.operation() == io.jmreg.core.pipeline.RegistryOperation.CHANGE_POLICY) {
            return; // the policy store checks it, under the policy it replaces (even when that one is unreadable)
        }
        AccessPolicy policy = policies.current().orElse(null);
        if (policy == null) {
            return;
        }
        String principal = ctx.principal();
        Resource resource = ctx.resource();
        Tier tier = policy.tierOf(principal);
        if (tier != Tier.PROFESSIONAL) { // versions above the principal's tier are invisible, and denied when named
            ctx.restrictTo(name -> ctx.operation() != io.jmreg.core.pipeline.RegistryOperation.LIST_MODELS
                    || hasVersionWithin(name, tier), v -> v.tier().ordinal() <= tier.ordinal());
        }
        if (ctx.operation() == io.jmreg.core.pipeline.RegistryOperation.LINEAGE) {
            narrow(ctx, policy); // lineage crosses models: it shows only the versions the principal may read
        }
        switch (ctx.operation()) {
            case READ_CONFIGURATION, VERIFY_CACHE -> {
                // configuration and this process's own cache: no stored model data is read or changed
            }
            case LIST_MODELS -> narrow(ctx, policy);
            case SEARCH -> {
                require(policy, principal, REGISTRY_SEARCH, null, "registry");
                if (resource.model() != null) {
                    require(policy, principal, twin(MODELS_READ, kindOf(resource)), resource.model(), resource.toString());
                }
                narrow(ctx, policy);
            }
            case COLLECT_GARBAGE -> require(policy, principal, REGISTRY_GC, null, "registry");
            case READ_AUDIT, VERIFY_AUDIT, SEAL_AUDIT -> require(policy, principal, REGISTRY_AUDIT, null, "the audit trail");
            case READ_POLICY -> require(policy, principal, ACCESS_CONTROL_MANAGE, null, "registry");
            case READ_WEBHOOKS, MANAGE_WEBHOOKS -> {
                if (!policy.allows(principal, ACCESS_CONTROL_MANAGE, null)) {
                    require(policy, principal, Permission.REGISTRY_WEBHOOKS, null, "webhooks");
                }
            }
            case DELIVER_WEBHOOKS -> {
                // the process's own delivery loop: what it posts was chosen by those who manage the subscriptions
            }
            case REGISTER -> requireOn(policy, principal, twin(MODELS_CREATE, resource.kind()), resource, null);
            case DELETE_VERSION -> {
                ModelVersion v = quietly(resource);
                Kind kind = v == null ? Kind.MODEL : v.kind();
                boolean own = v != null && principal.equals(v.createdBy());
                if (own && allowedOn(policy, principal, twin(MODELS_DELETE_OWN, kind), resource, v)) {
                    return;
                }
                requireOn(policy, principal, twin(own ? MODELS_DELETE_OWN : MODELS_DELETE, kind), resource, v);
            }
            default -> {
                ModelVersion v = quietly(resource);
                Kind kind = v != null ? v.kind() : kindOf(resource);
                Permission needed = twin(permissionOf(ctx), kind);
                if (v == null && resource.reference() == null && needed == twin(MODELS_READ, kind)
                        && !policy.allows(principal, needed, resource.model())) {
                    // a model-wide read allowed through grants on tagged versions: show those versions only
                    ctx.restrictTo(name -> true, version -> policy.allows(principal,
                            twin(MODELS_READ, version.kind()), version.name(), version.tags()));
                    if (anyVersionReadable(policy, principal, resource.model())) {
                        return;
                    }
                }
                requireOn(policy, principal, needed, resource, v);
                if ((resource.alias() != null && policy.protectedAliases().contains(resource.alias()))
                        || (resource.environment() != null // a deployment also moves its environment's alias
                        && (policy.protectedEnvironments().contains(resource.environment())
                        || policy.protectedAliases().contains(resource.environment())))) {
                    Permission p = twin(MODELS_DEPLOY_PROTECTED, kind);
                    if (!allowedOn(policy, principal, p, resource, v)) {
                        throw new AccessDeniedException(principal, p.id(), resource.alias() != null
                                ? "protected alias " + resource.alias() + " of " + resource.model()
                                : "protected environment " + resource.environment() + " of " + resource.model());
                    }
                }
            }
        }
    }

    /**
     * Whether {@code principal} holds {@code p} on the resource: on its model when no version is in question, else
     * on the version as it is and (for a registration or a tag change) as it would be after the change.
     */
    private static boolean allowedOn(AccessPolicy policy, String principal, Permission p, Resource resource,
                                     ModelVersion v) {
        String model = resource.model();
        if (resource.kind() != null) { // a registration: the new version's tags
            return policy.allows(principal, p, model, resource.addTags());
        }
        if (v == null) {
            return policy.allows(principal, p, model);
        }
        if (!policy.allows(principal, p, model, v.tags())) {
            return false;
        }
        if (resource.addTags() == null) {
            return true;
        }
        java.util.Set<String> after = new java.util.TreeSet<>(v.tags());
        after.addAll(resource.addTags());
        after.removeAll(resource.removeTags());
        return policy.allows(principal, p, model, after);
    }

    private static void requireOn(AccessPolicy policy, String principal, Permission p, Resource resource,
                                  ModelVersion v) {
        if (!allowedOn(policy, principal, p, resource, v)) {
            throw new AccessDeniedException(principal, p.id(), resource.kind() != null ? "model " + resource.model()
                    : resource.toString());
        }
    }

    private boolean anyVersionReadable(AccessPolicy policy, String principal, String model) {
        try {
            return resolver.existing(model).versions().stream().anyMatch(v -> policy.allows(principal,
                    twin(MODELS_READ, v.kind()), v.name(), v.tags()));
        } catch (RegistryException missing) {
            return false;
        }
    }

    private boolean hasVersionWithin(String model, Tier tier) {
        try {
            return resolver.existing(model).versions().stream().anyMatch(v -> v.tier().ordinal() <= tier.ordinal());
        } catch (RegistryException gone) {
            return false;
        }
    }

    /** The {@code models:} permission an operation on one model needs. */
    private static Permission permissionOf(OperationContext ctx) {
        return switch (ctx.operation()) {
            case UPDATE_METRICS, UPDATE_TAGS -> MODELS_UPDATE;
            case SET_ALIAS, REMOVE_ALIAS, DEPLOY, ROLLBACK -> MODELS_DEPLOY;
            case PROMOTE, APPROVE -> MODELS_PROMOTE;
            default -> MODELS_READ; // resolve, get, versions, aliases, pull, open, stages, deployments, compare, ...
        };
    }

    private static Permission twin(Permission p, Kind kind) {
        return kind == Kind.ADAPTER ? p.forAdapters() : p;
    }

    /** A registry-wide permission ({@code model} null), or a model-wide one where no version is in question. */
    private static void require(AccessPolicy policy, String principal, Permission p, String model, String resource) {
        if (!policy.allows(principal, p, model)) {
            throw new AccessDeniedException(principal, p.id(), resource);
        }
    }

    /** Lists and searches show only models and versions the principal may read. */
    private void narrow(OperationContext ctx, AccessPolicy policy) {
        String principal = ctx.principal();
        Map<String, Boolean> models = new HashMap<>();
        ctx.restrictTo(
                name -> models.computeIfAbsent(name, n -> policy.allows(principal, MODELS_READ, n)
                        || policy.allows(principal, MODELS_READ.forAdapters(), n) || anyVersionReadable(policy, principal, n)),
                v -> policy.allows(principal, twin(MODELS_READ, v.kind()), v.name(), v.tags()));
    }

    /**
     * The kind that governs an operation: the registration's, the referenced version's, or for a whole model its
     * newest version's; a model or version that does not exist counts as a model (nothing is revealed).
     */
    private Kind kindOf(Resource resource) {
        if (resource.kind() != null) {
            return resource.kind();
        }
        if (resource.model() == null) {
            return Kind.MODEL;
        }
        if (resource.reference() != null) {
            ModelVersion v = quietly(resource);
            if (v != null) {
                return v.kind();
            }
        }
        try {
            ModelState state = resolver.existing(resource.model());
            List<ModelVersion> versions = state.versions();
            return versions.isEmpty() ? Kind.MODEL : versions.get(versions.size() - 1).kind();
        } catch (RegistryException missingOrMalformed) {
            return Kind.MODEL;
        }
    }

    private ModelVersion quietly(Resource resource) {
        if (resource.reference() == null) {
            return null;
        }
        try {
            return resolver.resolve(resource.reference());
        } catch (RegistryException missingOrMalformed) {
            return null;
        }
    }
}
