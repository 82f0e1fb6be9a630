package io.jmreg.api.exceptions;

/** The principal lacks the permission an operation needs on a resource; nothing was done. */
public class AccessDeniedException extends RegistryException {
    private static final long serialVersionUID = 1L;
    private final String principal;
    private final String permission;
    private final String resource;

    /** {@code principal} may not {@code permission} on {@code resource}. */
    public AccessDeniedException(String principal, String permission, String resource) {
        super("access denied: principal '%s' lacks %s on %s", principal, permission, resource);
        this.principal = principal;
        this.permission = permission;
        this.resource = resource;
    }

    /** The principal refused. */
    public String principal() {
        return principal;
    }

    /** The permission it lacks, such as {@code models:deploy}. */
    public String permission() {
        return permission;
    }

    /** The resource: {@code registry}, a model name or a reference. */
    public String resource() {
        return resource;
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
