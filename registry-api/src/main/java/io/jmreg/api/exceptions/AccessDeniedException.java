package io.jmreg.api.exceptions;

/**
 * The principal lacks the permission an operation needs on a resource; nothing was done. The permission is an id of
 * the policy vocabulary ({@code models:promote}, {@code adapters:read}, {@code registry:search}); the resource is one
 * of {@code registry} (a registry-wide permission), {@code model NAME} (a model-wide one, or a version the work found
 * it needs, such as a rollback's target, named by its model only) or a version reference exactly as the caller gave
 * it ({@code NAME:VERSION}, {@code NAME@ALIAS}, ...). A refusal that the principal's grants do not explain (four
 * eyes: approving one's own promotion) carries the same fields and says why in {@link #reason()}.
 */
public class AccessDeniedException extends RegistryException {
    private static final long serialVersionUID = 1L;
    private final String principal;
    private final String permission;
    private final String resource;
    private final String reason;

    /** {@code principal} may not {@code permission} on {@code resource}. */
    public AccessDeniedException(String principal, String permission, String resource) {
        super("access denied: principal '%s' lacks %s on %s", principal, permission, resource);
        this.principal = principal;
        this.permission = permission;
        this.resource = resource;
        this.reason = null;
    }

    /**
     * {@code principal} may not use {@code permission} on {@code resource} although its grants hold it, because of
     * {@code reason} (such as {@code "separation of duties: ..."}), which the message states.
     */
    public AccessDeniedException(String principal, String permission, String resource, String reason) {
        super("access denied: principal '%s' may not use %s on %s: %s", principal, permission, resource, reason);
        this.principal = principal;
        this.permission = permission;
        this.resource = resource;
        this.reason = reason;
    }

    /** The principal refused. */
    public String principal() {
        return principal;
    }

    /** The permission it lacks, such as {@code models:deploy}. */
    public String permission() {
        return permission;
    }

    /** The resource: {@code registry}, {@code model NAME}, or a reference as the caller gave it. */
    public String resource() {
        return resource;
    }

    /**
     * Why the principal is refused when its grants are not the cause (separation of duties), or null when it lacks
     * the permission.
     */
    public String reason() {
        return reason;
    }

    /** {@link ErrorKind#DENIED}. */
    @Override
    public ErrorKind kind() {
        return ErrorKind.DENIED;
    }

    /** {@code access_denied}. */
    @Override
    public String code() {
        return "access_denied";
    }
}
