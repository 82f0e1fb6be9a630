package io.jmreg.api.exceptions;

import java.util.Set;

/** A stage transition the lifecycle state machine does not allow; names the allowed ones. */
public class IllegalTransitionException extends RegistryException {
    private static final long serialVersionUID = 1L;
    private final Set<String> allowed;

    /** Creates the exception for {@code reference} moving {@code from} -> {@code to}. */
    public IllegalTransitionException(String reference, String from, String to, Set<String> allowed) {
        super("%s cannot move from stage '%s' to '%s'; allowed from '%s': %s", reference, from, to, from,
                allowed.isEmpty() ? "none" : String.join(", ", allowed));
        this.allowed = Set.copyOf(allowed);
    }

    /** The stages reachable from the current one. */
    public Set<String> allowed() {
        return allowed;
    }

    /** {@link ErrorKind#REFUSED}. */
    @Override
    public ErrorKind kind() {
        return ErrorKind.REFUSED;
    }

    /** {@code illegal_transition}. */
    @Override
    public String code() {
        return "illegal_transition";
    }
}
