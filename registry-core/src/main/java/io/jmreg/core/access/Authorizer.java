package io.jmreg.core.access;

import static io.jmreg.api.access.Permission.ACCESS_CONTROL_MANAGE;
import static io.jmreg.api.access.Permission.MODELS_CREATE;
import static io.jmreg.api.access.Permission.MODELS_DELETE;
import static io.jmreg.api.access.Permission.MODELS_DELETE_OWN;
import static io.jmreg.api.access.Permission.MODELS_DEPLOY_PROTECTED;
import static io.jmreg.api.access.Permission.MODELS_READ;
import static io.jmreg.api.access.Permission.REGISTRY_SEARCH;

import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.access.Permission;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.api.model.Kind;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.api.model.Tier;
import io.jmreg.core.pipeline.OperationContext;
import io.jmreg.core.pipeline.OperationHook;
import io.jmreg.core.pipeline.RegistryOperation;
import io.jmreg.core.pipeline.Resource;
import io.jmreg.core.resolve.ReferenceResolver;
import io.jmreg.core.resolve.ReferenceResolver.Resolution;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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
    private final ResolveDecisions decisions = new ResolveDecisions();

    /** Authorization under the policy of {@code policies}; kinds and creators are looked up through {@code resolver}. */
    public Authorizer(PolicyStore policies, ReferenceResolver resolver) {
        this.policies = policies;
        this.resolver = resolver;
    }

    @Override
    public boolean idleFor(RegistryOperation operation) {
        return policies.current().isEmpty();
    }

    /**
     * A hot resolve, answered from the resolver's cache with {@code cached}, needs nothing more when no policy is in
     * force, or when the principal may read the version it selects (decided once per policy and model state, and
     * kept: see {@link ResolveDecisions}). Anything else, refusals included, takes the whole pipeline, which decides
     * (and audits) as {@link #before} does.
     */
    @Override
    public boolean admits(String principal, RegistryOperation operation, String reference, Object cached,
                          long nowNanos) {
        AccessPolicy policy = policies.inForce(nowNanos);
        if (policy == null) {
            return true;
        }
        if (operation != RegistryOperation.RESOLVE || !(cached instanceof Resolution resolution)) {
            return false;
        }
        ResolveDecisions.Decision d = decisions.get(principal, reference);
        if (d == null || d.policy() != policy || d.resolution() != resolution) {
            d = decisions.put(principal, reference, policy, resolution,
                    mayResolve(policy, principal, reference, resolution));
        }
        return d.allowed();
    }

    /**
     * Whether {@link #before} would let {@code principal} resolve {@code reference} and the work, restricted to the
     * principal's tier, would select the same version as {@code resolution}: read on the version it selects (the
     * {@code adapters:} twin in a model of adapters), the version within the principal's tier (then a tier-restricted
     * {@code latest}, range or alias selects it too, the highest visible match being the highest match).
     */
    private static boolean mayResolve(AccessPolicy policy, String principal, String reference, Resolution resolution) {
        ModelVersion v = resolution.version();
        String model = Resource.reference(reference).model();
        if (!resolution.model().equals(model) || v.tier().ordinal() > policy.tierOf(principal).ordinal()) {
            return false;
        }
        Kind kind = resolution.state().versions().stream().anyMatch(x -> x.kind() == Kind.ADAPTER)
                ? Kind.ADAPTER : Kind.MODEL;
        return policy.allows(principal, twin(MODELS_READ, kind), model, v.tags());
    }

    @Override
    public void before(OperationContext ctx) {
        if (ctx.operation() == RegistryOperation.CHANGE_POLICY) {
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
            ctx.restrictTo(name -> ctx.operation() != RegistryOperation.LIST_MODELS
                    || hasVersionWithin(name, tier), v -> v.tier().ordinal() <= tier.ordinal());
        }
        if (ctx.operation() == RegistryOperation.LINEAGE) {
            narrow(ctx, policy); // lineage crosses models: it shows only the versions the principal may read
        }
        switch (ctx.operation()) {
            case READ_CONFIGURATION, VERIFY_CACHE, DELIVER_WEBHOOKS -> {
                // configuration, this process's own cache and delivery loop: no stored model data is read or changed
                // (what the delivery loop posts was chosen by those who manage the subscriptions)
            }
            case LIST_MODELS -> narrow(ctx, policy);
            case SEARCH -> {
                require(policy, principal, REGISTRY_SEARCH, null, "registry");
                if (resource.model() != null) {
                    require(policy, principal, twin(MODELS_READ, kindOf(resource)), resource.model(), resource.toString());
                }
                narrow(ctx, policy);
            }
            case COLLECT_GARBAGE, READ_AUDIT, VERIFY_AUDIT, SEAL_AUDIT, READ_POLICY ->
                    require(policy, principal, ctx.operation().permission(), null, "registry");
            case READ_WEBHOOKS, MANAGE_WEBHOOKS -> {
                if (!policy.allows(principal, ACCESS_CONTROL_MANAGE, null)) {
                    require(policy, principal, ctx.operation().permission(), null, "registry");
                }
            }
            case REGISTER -> {
                requireOn(policy, principal, twin(MODELS_CREATE, resource.kind()), resource, null);
                for (String parent : resource.inputs()) { // the lineage it names: refused alike, existing or not
                    requireInput(policy, principal, tier, MODELS_READ, parent);
                }
            }
            case DELETE_VERSION -> {
                ModelVersion v = quietly(resource);
                Kind kind = v == null ? Kind.MODEL : modelKind(v.name(), v);
                boolean own = v != null && principal.equals(v.createdBy());
                if (own && allowedOn(policy, principal, twin(MODELS_DELETE_OWN, kind), resource, v)) {
                    return;
                }
                requireOn(policy, principal, twin(own ? MODELS_DELETE_OWN : MODELS_DELETE, kind), resource, v);
            }
            case RESOLVE, GET_MODEL, LIST_VERSIONS, SET_ALIAS, REMOVE_ALIAS, READ_ALIASES, UPDATE_METRICS, UPDATE_TAGS,
                 UPDATE_DESCRIPTION, UPDATE_MODEL_DESCRIPTION, PULL, OPEN_ARTIFACT, ARCHIVE, PROMOTE, STAGE_HISTORY,
                 APPROVE, DEPLOY, ROLLBACK, READ_DEPLOYMENTS, COMPARE, STATE_AT, LINEAGE -> {
                authorizeNamed(ctx, policy, principal, resource);
                Permission p = permissionOf(ctx);
                for (String input : resource.inputs()) { // the other versions it reads or acts on, likewise
                    requireInput(policy, principal, tier, p, input);
                }
                // versions the work finds it needs (a rollback's target) are named only by their model in a refusal
                ctx.checkInputsWith(v -> requireVersion(policy, principal, tier, p, v, "model " + v.name()));
            }
            // an operation this authorizer has no rule for is refused, never treated as a read
            default -> throw new AccessDeniedException(principal, ctx.operation().permission() == null
                    ? "(undeclared permission of " + ctx.operation() + ")" : ctx.operation().permission().id(),
                    resource.toString());
        }
        if (ctx.operation() == RegistryOperation.REGISTER) {
            // the kind a registration gets may be detected from its files: the version is checked as it will be
            ctx.checkInputsWith(v -> requireVersion(policy, principal, Tier.PROFESSIONAL, MODELS_CREATE, v,
                    "model " + v.name()));
        }
    }

    /** The operation's own resource: its permission on the named version or model, and protected aliases. */
    private void authorizeNamed(OperationContext ctx, AccessPolicy policy, String principal, Resource resource) {
        ModelVersion v = quietly(resource);
        Kind kind = v != null ? modelKind(v.name()) : kindOf(resource);
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
                throw new AccessDeniedException(principal, p.id(), "model " + resource.model());
            }
        }
    }

    /**
     * A further input named by reference: {@code p} on the version it names, exactly as a missing one would be
     * refused when the principal may not act on its model at all (so a refusal tells nothing of what exists).
     */
    private void requireInput(AccessPolicy policy, String principal, Tier tier, Permission p, String reference) {
        ModelVersion v = quietly(Resource.reference(reference));
        String model = Resource.reference(reference).model();
        boolean onModel = policy.allows(principal, p, model) || policy.allows(principal, p.forAdapters(), model);
        if (v == null) {
            if (!onModel) {
                throw new AccessDeniedException(principal, p.id(), reference);
            }
            return; // the work reports it missing, as it would to anyone who may act on the model
        }
        if (!onModel && !anyVersionAllowed(policy, principal, p, v.name())) {
            throw new AccessDeniedException(principal, p.id(), reference);
        }
        if (tier != Tier.PROFESSIONAL && v.tier().ordinal() > tier.ordinal()) {
            return; // above the principal's tier: the work's (restricted) resolution reports it missing, like a missing one
        }
        requireVersion(policy, principal, tier, p, v, reference);
    }

    /** {@code p} (or its adapters twin) on one version as it is, and the version within the principal's tier. */
    private void requireVersion(AccessPolicy policy, String principal, Tier tier, Permission p, ModelVersion v,
                                String named) {
        Permission needed = twin(p, modelKind(v.name(), v));
        if (!policy.allows(principal, needed, v.name(), v.tags())) {
            throw new AccessDeniedException(principal, needed.id(), named);
        }
        if (tier != Tier.PROFESSIONAL && v.tier().ordinal() > tier.ordinal()) {
            throw new AccessDeniedException(principal, needed.id(), named); // the permission, never the tier
        }
    }

    /**
     * Whether {@code principal} may read {@code version} of {@code model} under the policy in force (tier included);
     * for an event about a version that is gone, or about no version, whether it may read the model at all.
     */
    public boolean mayRead(String principal, String model, String version) {
        AccessPolicy policy = policies.current().orElse(null);
        if (policy == null || model == null) {
            return true;
        }
        ModelVersion v = null;
        try {
            v = version == null ? null : resolver.existing(model).version(version).orElse(null);
        } catch (RegistryException gone) {
            // deleted meanwhile: decided on the model below
        }
        if (v == null) {
            return policy.allows(principal, MODELS_READ, model) || policy.allows(principal, MODELS_READ.forAdapters(), model);
        }
        Tier tier = policy.tierOf(principal);
        return v.tier().ordinal() <= tier.ordinal()
                && policy.allows(principal, twin(MODELS_READ, modelKind(model, v)), model, v.tags());
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
        Set<String> after = new TreeSet<>(v.tags());
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

    private boolean anyVersionAllowed(AccessPolicy policy, String principal, Permission p, String model) {
        try {
            return resolver.existing(model).versions().stream().anyMatch(v -> policy.allows(principal,
                    twin(p, v.kind()), v.name(), v.tags()));
        } catch (RegistryException missing) {
            return false;
        }
    }

    /**
     * The kind of a model: ADAPTER when any of its versions is an adapter (a model's versions share one kind, fixed
     * by its first; a store written before that rule is treated by its most restricted kind), else MODEL.
     */
    private Kind modelKind(String model) {
        return modelKind(model, null);
    }

    private Kind modelKind(String model, ModelVersion known) {
        if (known != null && known.kind() == Kind.ADAPTER) {
            return Kind.ADAPTER;
        }
        try {
            return resolver.existing(model).versions().stream().anyMatch(v -> v.kind() == Kind.ADAPTER)
                    ? Kind.ADAPTER : Kind.MODEL;
        } catch (RegistryException missingOrMalformed) {
            return Kind.MODEL;
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
        Permission p = ctx.operation().permission(); // declared by every operation on models
        if (p == null || !p.id().startsWith("models:")) {
            throw new AccessDeniedException(ctx.principal(), p == null ? "(undeclared permission of "
                    + ctx.operation() + ")" : p.id(), ctx.resource().toString());
        }
        return p;
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
     * The kind that governs an operation: the registration's, else its model's; a model or version that does not
     * exist counts as a model (nothing is revealed).
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
        return modelKind(resource.model());
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
