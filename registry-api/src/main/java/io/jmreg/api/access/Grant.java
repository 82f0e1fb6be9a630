package io.jmreg.api.access;

import io.jmreg.api.exceptions.ValidationException;

import java.util.List;

/**
 * Roles given to a subject (a principal, or {@code *} for every principal) within a scope.
 *
 * @param subject the principal, or {@code *}
 * @param roles   role names (built-in or defined by the policy)
 * @param scope   where they apply
 */
public record Grant(String subject, List<String> roles, Scope scope) {
    /** Validates. */
    public Grant {
        if (subject == null || subject.isBlank()) {
            throw new ValidationException("a grant needs a subject (a principal, or * for everyone)");
        }
        if (roles == null || roles.isEmpty()) {
            throw new ValidationException("the grant to '%s' names no role", subject);
        }
        roles = List.copyOf(roles);
        scope = scope == null ? Scope.registry() : scope;
    }

    /** Whether this grant is for {@code principal}. */
    public boolean isFor(String principal) {
        return subject.equals("*") || subject.equals(principal);
    }
}
