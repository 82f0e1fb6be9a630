package io.jmreg.api.access;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The registry's access policy. Without one, every call runs as the configured principal and is allowed (installing
 * the first policy is such a call); once one exists it can be replaced, never removed, and only with
 * {@code access_control:manage}. Other processes see a new policy within the staleness bound.
 */
public interface RegistryAccess {
    /** The policy in force, if any. */
    Optional<AccessPolicy> policy();

    /** Installs {@code policy} in the store (a new version of it); returns it. */
    AccessPolicy install(AccessPolicy policy);

    /** Reads a policy from JSON; a malformed one fails naming the JSON path and what is wrong. */
    AccessPolicy parse(String json);

    /** Reads a policy from a JSON file and installs it. */
    AccessPolicy install(Path jsonFile);

    /** Whether this view's principal holds {@code permission} on {@code model} (null: the registry). */
    boolean allowed(Permission permission, String model);
}
