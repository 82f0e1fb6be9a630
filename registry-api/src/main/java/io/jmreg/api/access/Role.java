package io.jmreg.api.access;

import static io.jmreg.api.access.Permission.*;

import io.jmreg.api.exceptions.ValidationException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A named set of permissions. Four are built in; policies may define more.
 *
 * @param name        its name: lower-case letters, digits, {@code _} and {@code -}
 * @param permissions what it allows
 */
public record Role(String name, Set<Permission> permissions) {
    /** Registers and maintains models, reads adapters. */
    public static final Role MODEL_DEVELOPER = new Role("model_developer", EnumSet.of(MODELS_CREATE, MODELS_READ,
            MODELS_UPDATE, MODELS_DELETE_OWN, ADAPTERS_CREATE, ADAPTERS_READ, REGISTRY_SEARCH, ADAPTERS_UPDATE,
            ADAPTERS_DELETE_OWN));
    /** Deploys and promotes, protected aliases included. */
    public static final Role ML_ENGINEER = new Role("ml_engineer", EnumSet.of(MODELS_READ, MODELS_DEPLOY, MODELS_PROMOTE,
            ADAPTERS_READ, ADAPTERS_DEPLOY, REGISTRY_SEARCH, MODELS_DEPLOY_PROTECTED, ADAPTERS_PROMOTE));
    /** Everything, policy changes included. */
    public static final Role MODEL_ADMIN = new Role("model_admin", EnumSet.allOf(Permission.class));
    /** Reads and searches. */
    public static final Role VIEWER = new Role("viewer", EnumSet.of(MODELS_READ, ADAPTERS_READ, REGISTRY_SEARCH));

    /** Validates. */
    public Role {
        if (name == null || !name.matches("[a-z][a-z0-9_-]{0,63}")) {
            throw new ValidationException("role name '%s' must be a lower-case letter then up to 63 of a-z 0-9 _ -", name);
        }
        permissions = permissions == null || permissions.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(permissions));
    }

    /** The built-in roles by name. */
    public static Map<String, Role> builtIn() {
        Map<String, Role> out = new LinkedHashMap<>();
        for (Role r : new Role[] {MODEL_DEVELOPER, ML_ENGINEER, MODEL_ADMIN, VIEWER}) {
            out.put(r.name(), r);
        }
        return Collections.unmodifiableMap(out);
    }
}
