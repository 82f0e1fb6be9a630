package io.jmreg.api.audit;

import java.util.List;
import java.util.Optional;

/**
 * What {@link AuditTrail#verify} found.
 *
 * @param entries             audit entries checked
 * @param trustedCheckpoints  checkpoints whose signatures verified with a trusted key (the given one included)
 * @param sealedUpTo          the newest entry sealed by a trusted checkpoint (0: none); entries after it are checked
 *                            by the chain alone, so an entry forged after it is detectable only against a later
 *                            checkpoint kept outside the store
 * @param logEntries          model log entries checked against the digests audited when they were committed
 * @param problem             the first problem found, or null when the trail verified
 * @param unaudited           model log entries no audit entry covers (committed before the store kept an audit
 *                            trail, by a process that crashed between commit and audit, or written outside the
 *                            library); at most 100 are listed
 * @param unauditedCount      how many model log entries no audit entry covers
 * @param pendingCount        how many of those are younger than the verification's maximum audit lag: their audit
 *                            entries may still be on their way (verify again later); the others are a problem
 *                            ({@link AuditProblem.Kind#UNAUDITED}) unless unaudited entries are tolerated
 */
public record AuditReport(long entries, int trustedCheckpoints, long sealedUpTo, long logEntries, AuditProblem problem,
                          List<String> unaudited, long unauditedCount, long pendingCount) {
    /** Copies the list. */
    public AuditReport {
        unaudited = List.copyOf(unaudited);
    }

    /** A report with nothing pending. */
    public AuditReport(long entries, int trustedCheckpoints, long sealedUpTo, long logEntries, AuditProblem problem,
                       List<String> unaudited, long unauditedCount) {
        this(entries, trustedCheckpoints, sealedUpTo, logEntries, problem, unaudited, unauditedCount, 0);
    }

    /** True when no problem was found. */
    public boolean valid() {
        return problem == null;
    }

    /** The first problem found. */
    public Optional<AuditProblem> firstProblem() {
        return Optional.ofNullable(problem);
    }
}
