package io.jmreg.api.access;

import io.jmreg.api.exceptions.ValidationException;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The closed vocabulary of permissions. Versions of kind {@code ADAPTER} are governed by the {@code adapters:} twin
 * of each {@code models:} permission ({@link #forAdapters()}).
 */
public enum Permission {
    /** Get, resolve, list versions, pull, open, compare, lineage of models. */ MODELS_READ("models:read"),
    /** Register versions. */ MODELS_CREATE("models:create"),
    /** Change metrics, tags, description. */ MODELS_UPDATE("models:update"),
    /** Delete versions one created. */ MODELS_DELETE_OWN("models:delete_own"),
    /** Delete anyone's versions. */ MODELS_DELETE("models:delete"),
    /** Set, move, remove aliases; deploy; roll back. */ MODELS_DEPLOY("models:deploy"),
    /** The same on protected aliases and environments. */ MODELS_DEPLOY_PROTECTED("models:deploy_protected"),
    /** Promote and approve. */ MODELS_PROMOTE("models:promote"),
    /** {@code models:read} for adapters. */ ADAPTERS_READ("adapters:read"),
    /** {@code models:create} for adapters. */ ADAPTERS_CREATE("adapters:create"),
    /** {@code models:update} for adapters. */ ADAPTERS_UPDATE("adapters:update"),
    /** {@code models:delete_own} for adapters. */ ADAPTERS_DELETE_OWN("adapters:delete_own"),
    /** {@code models:delete} for adapters. */ ADAPTERS_DELETE("adapters:delete"),
    /** {@code models:deploy} for adapters. */ ADAPTERS_DEPLOY("adapters:deploy"),
    /** {@code models:deploy_protected} for adapters. */ ADAPTERS_DEPLOY_PROTECTED("adapters:deploy_protected"),
    /** {@code models:promote} for adapters. */ ADAPTERS_PROMOTE("adapters:promote"),
    /** Search, recommend, similar, statistics across models. */ REGISTRY_SEARCH("registry:search"),
    /** Read and verify the audit trail. */ REGISTRY_AUDIT("registry:audit"),
    /** Collect garbage. */ REGISTRY_GC("registry:gc"),
    /** Export versions. */ REGISTRY_EXPORT("registry:export"),
    /** Import versions. */ REGISTRY_IMPORT("registry:import"),
    /** Manage webhook subscriptions and read their deliveries. */ REGISTRY_WEBHOOKS("registry:webhooks"),
    /** Install or replace the access policy. */ ACCESS_CONTROL_MANAGE("access_control:manage");

    private final String id;

    Permission(String id) {
        this.id = id;
    }

    /** The permission as written in policies, such as {@code models:read}. */
    public String id() {
        return id;
    }

    /** The {@code adapters:} twin of a {@code models:} permission; any other permission itself. */
    public Permission forAdapters() {
        return id.startsWith("models:") ? valueOf("ADAPTERS_" + name().substring("MODELS_".length())) : this;
    }

    /**
     * The permissions a policy entry names: one id, or {@code models:*}, {@code adapters:*}, {@code registry:*}
     * ({@code access_control:*} too) for every permission of that area.
     *
     * @throws ValidationException for a name outside the vocabulary
     */
    public static Set<Permission> parse(String entry) {
        String e = entry == null ? "" : entry.strip().toLowerCase(Locale.ROOT);
        if (e.endsWith(":*")) {
            String area = e.substring(0, e.length() - 1);
            EnumSet<Permission> out = EnumSet.noneOf(Permission.class);
            for (Permission p : values()) {
                if (p.id.startsWith(area)) {
                    out.add(p);
                }
            }
            if (!out.isEmpty()) {
                return out;
            }
        }
        for (Permission p : values()) {
            if (p.id.equals(e)) {
                return EnumSet.of(p);
            }
        }
        throw new ValidationException("unknown permission '%s' (permissions: %s; or models:*, adapters:*, registry:*)",
                entry, String.join(", ", Arrays.stream(values()).map(Permission::id).toList()));
    }
}
