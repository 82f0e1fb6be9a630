package io.jmreg.api.exceptions;

import io.jmreg.api.lifecycle.GateResult;

import java.util.List;
import java.util.stream.Collectors;

/** A promotion refused by its quality gates; nothing was changed. Lists every failing gate with its actual value. */
public class GateFailedException extends RegistryException {
    private static final long serialVersionUID = 1L;
    private final transient List<GateResult> failed;

    /** Creates the exception. */
    public GateFailedException(String reference, String stage, List<GateResult> failed) {
        super("promotion of %s to '%s' refused by %d quality gate(s): %s", reference, stage, failed.size(),
                failed.stream().map(g -> g.expression() + " (actual: " + (g.actual() == null ? "missing" : g.actual()) + ")")
                        .collect(Collectors.joining("; ")));
        this.failed = List.copyOf(failed);
    }

    /** The gates that failed. */
    public List<GateResult> failed() {
        return failed;
    }

    /** {@link ErrorKind#REFUSED}. */
    @Override
    public ErrorKind kind() {
        return ErrorKind.REFUSED;
    }

    /** {@code gate_failed}. */
    @Override
    public String code() {
        return "gate_failed";
    }
}
