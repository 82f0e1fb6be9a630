package io.jmreg.cli;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.audit.AuditCheckpoint;
import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.audit.AuditReport;
import io.jmreg.api.audit.AuditVerification;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.signing.SigningKeys;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jmreg audit log|verify|export|checkpoint}. */
@Command(name = "audit", description = "The audit trail: query it, verify it, export it, sign a checkpoint.",
        subcommands = {AuditCommands.Log.class, AuditCommands.Verify.class, AuditCommands.Export.class,
                AuditCommands.Checkpoint.class})
final class AuditCommands {
    /** The query options shared by log and export. */
    static final class Filter {
        @Option(names = "--principal")
        String principal;

        @Option(names = "--action", description = "e.g. register, set_alias, pull, change_policy")
        String action;

        @Option(names = "--resource", paramLabel = "PATTERN", description = "e.g. 'fraud:*' or 'medical/**'")
        String resource;

        @Option(names = "--from", paramLabel = "INSTANT")
        Instant from;

        @Option(names = "--to", paramLabel = "INSTANT")
        Instant to;

        @Option(names = "--limit", defaultValue = "0", description = "at most this many (0: all)")
        int limit;

        @Option(names = "--newest-first", description = "newest entries first (with --limit: the newest N)")
        boolean newestFirst;

        AuditQuery query() {
            return new AuditQuery(principal, action, resource, from, to, limit, newestFirst);
        }
    }

    @Command(name = "log", description = "Entries of the audit trail, oldest first (or --newest-first).")
    static final class Log extends Base {
        @Mixin
        Filter filter = new Filter();

        @Override
        int run(ModelRegistry r) {
            List<AuditEntry> entries = r.audit().query(filter.query());
            if (json()) {
                printJson(Map.of("entries", entries));
                return 0;
            }
            Table t = new Table("SEQ", "WHEN", "PRINCIPAL", "ACTION", "RESOURCE", "OUTCOME", "DETAILS");
            entries.forEach(e -> t.row(e.seq(), e.at(), e.principal(), e.action(), e.resource(), e.outcome(),
                    e.details()));
            t.print(out());
            return 0;
        }
    }

    @Command(name = "export", description = "The audit trail as JSON Lines (the stored entries), to stdout or a file.")
    static final class Export extends Base {
        @Mixin
        Filter filter = new Filter();

        @Option(names = {"-o", "--output"}, paramLabel = "FILE")
        Path output;

        @Override
        int run(ModelRegistry r) throws Exception {
            long n;
            if (output == null) {
                out().flush();
                n = r.audit().export(filter.query(), System.out);
                System.out.flush();
            } else {
                try (OutputStream o = Files.newOutputStream(output)) {
                    n = r.audit().export(filter.query(), o);
                }
                done(Map.of("exported", n, "file", output.toString()), "exported %d entries to %s", n, output);
            }
            return 0;
        }
    }

    @Command(name = "verify", description = "Verify the chain, the signed checkpoints and the model logs; exit 5 names "
            + "the first bad entry.")
    static final class Verify extends Base {
        @Option(names = "--trusted-key", paramLabel = "PEM", description = "a public key whose checkpoints are trusted (repeatable)")
        List<Path> keys = new ArrayList<>();

        @Option(names = "--checkpoint", paramLabel = "JSON", description = "a checkpoint kept outside the store "
                + "(as printed by 'jmreg audit checkpoint --json')")
        Path checkpoint;

        @Option(names = "--chain-only", description = "skip the model logs")
        boolean chainOnly;

        @Option(names = "--tolerate-unaudited", description = "list model log entries without an audit entry instead of "
                + "failing on them (once they are explained: written before the store kept an audit trail, or by a "
                + "process that died between commit and audit)")
        boolean tolerateUnaudited;

        @Option(names = "--max-audit-lag", paramLabel = "DURATION", description = "an unaudited log entry younger than "
                + "this is pending, not a failure (default 10s; e.g. 30s, 2m, PT1M)")
        String maxAuditLag;

        @Override
        int run(ModelRegistry r) throws Exception {
            Set<PublicKey> trusted = new HashSet<>();
            for (Path k : keys) {
                trusted.add(SigningKeys.readPublicKey(k));
            }
            AuditVerification v = new AuditVerification(trusted, checkpoint == null ? null : readCheckpoint(checkpoint),
                    !chainOnly, tolerateUnaudited, maxAuditLag == null ? null : Settings.Durations.parse(maxAuditLag,
                    "--max-audit-lag"));
            AuditReport report = r.audit().verify(v);
            if (json()) {
                printJson(report);
            } else {
                say("%s: %d entries, %d trusted checkpoints (sealed up to entry %d), %d model log entries checked, "
                        + "%d unaudited (%d pending)", report.valid() ? "valid" : "INVALID", report.entries(),
                        report.trustedCheckpoints(), report.sealedUpTo(), report.logEntries(), report.unauditedCount(),
                        report.pendingCount());
                report.firstProblem().ifPresent(p -> say("first problem: %s", p));
            }
            if (!report.valid()) {
                throw new ExitCodes.VerificationFailed("the audit trail does not verify: " + report.problem());
            }
            return 0;
        }

        private static AuditCheckpoint readCheckpoint(Path file) {
            try {
                return AuditCheckpoint.parse(OptionValues.text("--checkpoint", file));
            } catch (ValidationException e) {
                throw new ValidationException("checkpoint %s: %s", file, e.getMessage());
            }
        }
    }

    @Command(name = "checkpoint", description = "Sign a checkpoint of the newest entry now (needs $REGISTRY_AUDIT_KEY); "
            + "--show prints the newest checkpoint instead.")
    static final class Checkpoint extends Base {
        @Option(names = "--out", paramLabel = "FILE", description = "also write the checkpoint to FILE, outside the "
                + "store, for 'jmreg audit verify --checkpoint FILE'")
        Path outFile;

        @Option(names = "--show", description = "print the newest checkpoint in the store instead of sealing a new one "
                + "(exit 3 when there is none; --json: the body of GET /api/v1/audit/checkpoints/newest)")
        boolean show;

        @Override
        int run(ModelRegistry r) {
            if (show) {
                if (outFile != null) {
                    throw new ValidationException("--show prints the newest checkpoint; it writes none (leave out --out)");
                }
                AuditCheckpoint newest = r.audit().newestCheckpoint().orElseThrow(() -> new ExitCodes.NotFound(
                        "the audit trail has no checkpoint yet ('jmreg audit checkpoint' seals one)"));
                done(newest, "newest checkpoint: entry %d (sha256 %s), sealed %s with key %s", newest.seq(),
                        newest.entryHash(), Human.time(newest.at()), newest.keyId());
                return 0;
            }
            AuditCheckpoint c;
            try {
                c = outFile == null ? r.audit().checkpoint() : r.audit().checkpointTo(outFile);
            } catch (ValidationException e) {
                throw noKey(r, e);
            }
            done(c, "sealed entry %d (sha256 %s) with key %s%s", c.seq(), c.entryHash(), c.keyId(),
                    outFile == null ? "" : "; written to " + outFile);
            return 0;
        }

        /**
         * The library's "no audit signing key" (whose hint is for Java callers) in the words of the command line: what
         * to set, here or on the server; any other refusal unchanged.
         */
        private static ValidationException noKey(ModelRegistry r, ValidationException e) {
            if (e.getMessage() == null || !e.getMessage().contains("no audit signing key")) {
                return e;
            }
            boolean server = r.uri().startsWith("http://") || r.uri().startsWith("https://");
            return new ValidationException(e, server
                    ? "the server %s has no audit signing key: start it with REGISTRY_AUDIT_KEY=FILE (an Ed25519 key "
                    + "pair in PEM, as 'jmreg keygen FILE' writes; or audit-key=FILE in its configuration file); "
                    + "nothing was signed"
                    : "no audit signing key for %s: set REGISTRY_AUDIT_KEY=FILE (an Ed25519 key pair in PEM, as "
                    + "'jmreg keygen FILE' writes; or audit-key=FILE in the configuration file); nothing was signed",
                    r.uri());
        }
    }
}
