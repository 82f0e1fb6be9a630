package io.jmreg.core.audit;

import static io.jmreg.core.pipeline.RegistryOperation.READ_AUDIT;
import static io.jmreg.core.pipeline.RegistryOperation.SEAL_AUDIT;
import static io.jmreg.core.pipeline.RegistryOperation.VERIFY_AUDIT;

import io.jmreg.api.audit.AuditCheckpoint;
import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.audit.AuditReport;
import io.jmreg.api.audit.AuditTrail;
import io.jmreg.api.audit.AuditVerification;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.core.pipeline.Caller;
import io.jmreg.core.pipeline.Operation;
import io.jmreg.core.pipeline.OperationPipeline;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The audit trail as one principal reads it: every call passes the operation pipeline ({@code registry:audit}). */
public final class AuditView implements AuditTrail {
    private final OperationPipeline pipeline;
    private final Caller principal;
    private final AuditService audit;

    /** A view for {@code principal}. */
    public AuditView(OperationPipeline pipeline, Caller principal, AuditService audit) {
        this.pipeline = pipeline;
        this.principal = principal;
        this.audit = audit;
    }

    @Override
    public List<AuditEntry> query(AuditQuery query) {
        return pipeline.run(principal, Operation.registryWide(READ_AUDIT), ctx -> audit.query(required(query)));
    }

    @Override
    public long export(AuditQuery query, OutputStream out) {
        if (out == null) {
            throw new ValidationException("audit export needs an output stream");
        }
        return pipeline.run(principal, Operation.registryWide(READ_AUDIT), ctx -> audit.export(required(query), out));
    }

    @Override
    public AuditReport verify(AuditVerification verification) {
        if (verification == null) {
            throw new ValidationException("audit verification options must not be null (AuditVerification.trusting(keys...))");
        }
        return pipeline.run(principal, Operation.registryWide(VERIFY_AUDIT), ctx -> audit.verify(verification));
    }

    @Override
    public AuditCheckpoint checkpoint() {
        return pipeline.run(principal, Operation.registryWide(SEAL_AUDIT), ctx -> audit.checkpoint());
    }

    @Override
    public Optional<AuditCheckpoint> newestCheckpoint() {
        return pipeline.run(principal, Operation.registryWide(READ_AUDIT), ctx -> audit.newestCheckpoint());
    }

    @Override
    public void recordSignInFailure(Map<String, String> details) {
        audit.recordSignInFailure(details == null ? Map.of() : details);
    }

    private static AuditQuery required(AuditQuery query) {
        if (query == null) {
            throw new ValidationException("audit query must not be null (AuditQuery.all())");
        }
        return query;
    }
}
