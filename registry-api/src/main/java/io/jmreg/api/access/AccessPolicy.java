package io.jmreg.api.access;

import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.lifecycle.Approval;
import io.jmreg.api.model.Tier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who may do what: custom roles beside the built-in ones, and grants of roles to subjects within scopes. Stored in
 * the registry, so every process and host enforces the same one; built in code ({@link #builder()}) or read from
 * JSON ({@code RegistryAccess.parse}):
 * <pre>
 * {"roles": {"auditor": ["registry:audit", "models:read"]},
 *  "grants": [{"subject": "alice", "roles": ["model_developer"], "models": "medical/**"},
 *             {"subject": "*", "roles": ["viewer"]}],
 *  "tiers": {"contractor": "lite"},
 *  "protected": {"aliases": ["production"], "environments": ["production"]},
 *  "approvals": {"production": "other-principal"}}
 * </pre>
 *
 * @param roles  custom roles by name (a built-in name cannot be redefined)
 * @param grants the grants; a principal may do what any grant for it (or for {@code *}) allows in its scope
 * @param tiers  the tier of principals ({@code *}: everyone else): they see and load only versions of that tier and
 *               below; a principal without one is unrestricted
 * @param protectedAliases      aliases (of any model) whose moves also need {@code deploy_protected}
 * @param protectedEnvironments environments whose deployments and rollbacks also need {@code deploy_protected}
 * @param approvals   four eyes, stored with the policy so that every process enforces it: stage name to who must
 *                    approve a promotion into it ({@link io.jmreg.api.lifecycle.Approval}); a stage not named needs
 *                    no approval. Null when the policy does not state it (documents written before this field):
 *                    then each process's own stage machine decides, as before. When stated (even empty) it overrides
 *                    the approval rules of every process's stage machine
 */
public record AccessPolicy(Map<String, Role> roles, List<Grant> grants, Map<String, Tier> tiers,
                           Set<String> protectedAliases, Set<String> protectedEnvironments,
                           Map<String, Approval> approvals) {
    /** A policy without tiers or protected names. */
    public AccessPolicy(Map<String, Role> roles, List<Grant> grants) {
        this(roles, grants, Map.of(), Set.of(), Set.of());
    }

    /** A policy that does not state four eyes (each process's stage machine decides). */
    public AccessPolicy(Map<String, Role> roles, List<Grant> grants, Map<String, Tier> tiers,
                        Set<String> protectedAliases, Set<String> protectedEnvironments) {
        this(roles, grants, tiers, protectedAliases, protectedEnvironments, null);
    }

    /**
     * Who must approve a promotion into {@code stage} under this policy, or null when the policy does not state four
     * eyes (the process's stage machine decides).
     */
    public Approval approvalFor(String stage) {
        return approvals == null ? null : approvals.getOrDefault(stage, Approval.NONE);
    }

    /** Validates: every granted role exists. */
    public AccessPolicy {
        roles = roles == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(roles));
        grants = grants == null ? List.of() : List.copyOf(grants);
        tiers = tiers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tiers));
        protectedAliases = protectedAliases == null ? Set.of()
                : Collections.unmodifiableSet(new TreeSet<>(protectedAliases));
        protectedEnvironments = protectedEnvironments == null ? Set.of()
                : Collections.unmodifiableSet(new TreeSet<>(protectedEnvironments));
        if (approvals != null) {
            approvals.forEach((stage, rule) -> {
                if (stage == null || !stage.matches("[a-z][a-z0-9_-]{0,63}") || rule == null) {
                    throw new ValidationException("an approval rule needs a stage name (a lower-case letter then up to "
                            + "63 of a-z 0-9 _ -) and a rule, got %s -> %s", stage, rule);
                }
            });
            approvals = Collections.unmodifiableMap(new TreeMap<>(approvals));
        }
        tiers.forEach((subject, tier) -> {
            if (subject == null || subject.isBlank() || tier == null) {
                throw new ValidationException("a tier needs a principal (or *) and a tier, got %s -> %s", subject, tier);
            }
        });
        for (Map.Entry<String, Role> r : roles.entrySet()) {
            if (Role.builtIn().containsKey(r.getKey())) {
                throw new ValidationException("role '%s' is built in and cannot be redefined", r.getKey());
            }
            if (!r.getKey().equals(r.getValue().name())) {
                throw new ValidationException("role '%s' is filed under the name '%s'", r.getValue().name(), r.getKey());
            }
        }
        for (Grant g : grants) {
            for (String role : g.roles()) {
                if (!roles.containsKey(role) && !Role.builtIn().containsKey(role)) {
                    throw new ValidationException("the grant to '%s' names unknown role '%s' (roles: %s)", g.subject(),
                            role, String.join(", ", allRoleNames(roles)));
                }
            }
        }
    }

    private static List<String> allRoleNames(Map<String, Role> custom) {
        List<String> names = new ArrayList<>(Role.builtIn().keySet());
        names.addAll(custom.keySet());
        return names;
    }

    /** The tier of {@code principal}: its own, else that of {@code *}, else professional (unrestricted). */
    public Tier tierOf(String principal) {
        Tier t = tiers.get(principal);
        if (t == null) {
            t = tiers.get("*");
        }
        return t == null ? Tier.PROFESSIONAL : t;
    }

    /** A role by name, built-in or custom, or null. */
    public Role role(String name) {
        Role r = Role.builtIn().get(name);
        return r != null ? r : roles.get(name);
    }

    /** Whether {@code principal} holds {@code permission} on the model {@code model} (null: the registry). */
    public boolean allows(String principal, Permission permission, String model) {
        return allows(principal, permission, model, null);
    }

    /**
     * Whether {@code principal} holds {@code permission} on a version of {@code model} carrying {@code tags} (null:
     * no version in question, so grants with a tag condition do not apply).
     */
    public boolean allows(String principal, Permission permission, String model, Set<String> tags) {
        for (Grant g : grants) {
            if (g.isFor(principal) && (model == null ? g.scope().isRegistry()
                    : tags == null ? g.scope().covers(model) : g.scope().covers(model, tags))) {
                for (String name : g.roles()) {
                    if (role(name).permissions().contains(permission)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** A builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a policy in code. */
    public static final class Builder {
        private final Map<String, Role> roles = new LinkedHashMap<>();
        private final List<Grant> grants = new ArrayList<>();
        private final Map<String, Tier> tiers = new LinkedHashMap<>();
        private final Set<String> protectedAliases = new TreeSet<>();
        private final Set<String> protectedEnvironments = new TreeSet<>();
        private Map<String, Approval> approvals;

        private Builder() {
        }

        /**
         * Four eyes stored with the policy: a promotion into {@code stage} takes effect only once approved as
         * {@code rule} says, in every process that opens the store. Calling this (even with {@code Approval.NONE})
         * makes the policy state four eyes, overriding every process's stage machine.
         */
        public Builder requireApproval(String stage, Approval rule) {
            if (approvals == null) {
                approvals = new TreeMap<>();
            }
            approvals.put(stage, rule);
            return this;
        }

        /** Protects aliases: moving or removing them also needs {@code deploy_protected}. */
        public Builder protectAliases(String... aliases) {
            protectedAliases.addAll(List.of(aliases));
            return this;
        }

        /** Protects environments: deploying to them or rolling them back also needs {@code deploy_protected}. */
        public Builder protectEnvironments(String... environments) {
            protectedEnvironments.addAll(List.of(environments));
            return this;
        }

        /** Limits {@code subject} (or {@code *}) to versions of {@code tier} and below. */
        public Builder tier(String subject, Tier tier) {
            tiers.put(subject, tier);
            return this;
        }

        /** Defines a custom role from permission ids ({@code models:read}, {@code registry:*}, ...). */
        public Builder role(String name, String... permissions) {
            EnumSet<Permission> set = EnumSet.noneOf(Permission.class);
            Arrays.stream(permissions).forEach(p -> set.addAll(Permission.parse(p)));
            roles.put(name, new Role(name, set));
            return this;
        }

        /** Grants roles to {@code subject} within {@code scope}. */
        public Builder grant(String subject, Scope scope, String... roleNames) {
            grants.add(new Grant(subject, List.of(roleNames), scope));
            return this;
        }

        /** Grants roles to {@code subject} on the whole registry. */
        public Builder grant(String subject, String... roleNames) {
            return grant(subject, Scope.registry(), roleNames);
        }

        /** The policy. */
        public AccessPolicy build() {
            return new AccessPolicy(roles, grants, tiers, protectedAliases, protectedEnvironments, approvals);
        }
    }
}
