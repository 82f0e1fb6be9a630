package io.jmreg.cli;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.access.Permission;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.signing.SigningKeys;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Administration: garbage collection, the access policy, signing keys, shell completion. */
final class AdminCommands {
    private AdminCommands() {
    }

    @Command(name = "gc", description = "Delete stored blobs no version references (older than the grace period).")
    static final class Gc extends Base {
        @Option(names = "--grace", defaultValue = "1d", description = "keep blobs younger than this (30m, 2h, 1d)")
        String grace;

        @Override
        int run(ModelRegistry r) {
            var report = r.collectGarbage(Settings.Durations.parse(grace, "--grace"));
            if (json()) {
                printJson(report);
            } else {
                say("deleted %d of %d blobs (%s freed); %d referenced, %d within the grace period", report.blobsDeleted(),
                        report.blobsScanned(), ProgressRenderer.bytes(report.bytesFreed()), report.blobsReferenced(),
                        report.blobsTooYoung());
            }
            return 0;
        }
    }

    @Command(name = "policy", description = "Show or install the access policy.", subcommands = {AdminCommands.Policy.Show.class,
            AdminCommands.Policy.Install.class})
    static final class Policy {
        @Command(name = "show", description = "Print the policy in force.")
        static final class Show extends Base {
            @Override
            int run(ModelRegistry r) {
                var policy = r.access().policy();
                if (json()) {
                    printJson(policy.<Object>map(p -> p).orElse(Map.of()));
                } else if (policy.isEmpty()) {
                    out().println("no policy: everything is allowed");
                } else {
                    print(out(), policy.get());
                }
                return 0;
            }
        }

        static void print(PrintWriter out, AccessPolicy p) {
            Table grants = new Table("SUBJECT", "ROLES", "SCOPE");
            p.grants().forEach(g -> grants.row(g.subject(), g.roles(), g.scope() == null ? "registry" : g.scope().toString()));
            grants.print(out);
            if (!p.roles().isEmpty()) {
                out.println();
                Table roles = new Table("ROLE", "PERMISSIONS");
                p.roles().values().forEach(role -> roles.row(role.name(), role.permissions().stream()
                        .map(Permission::id).sorted().toList()));
                roles.print(out);
            }
            if (!p.tiers().isEmpty()) {
                out.println();
                Table tiers = new Table("PRINCIPAL", "TIER");
                p.tiers().forEach(tiers::row);
                tiers.print(out);
            }
            if (!p.protectedAliases().isEmpty() || !p.protectedEnvironments().isEmpty()) {
                out.println();
                Table prot = new Table("PROTECTED", "NAMES");
                prot.row("aliases", new TreeSet<>(p.protectedAliases()))
                        .row("environments", new TreeSet<>(p.protectedEnvironments()));
                prot.print(out);
            }
            out.println();
            if (p.approvals() == null) {
                out.println("approvals: not stated by the policy (each process's stage machine decides)");
            } else if (p.approvals().isEmpty()) {
                out.println("approvals: none required (the policy decides: no stage needs a second principal)");
            } else {
                Table approvals = new Table("STAGE", "APPROVAL");
                new TreeMap<>(p.approvals()).forEach((stage, rule) -> approvals.row(stage,
                        rule.name().toLowerCase(Locale.ROOT).replace('_', '-')));
                approvals.print(out);
            }
        }

        @Command(name = "install", description = "Install a policy from a JSON file (needs access_control:manage).")
        static final class Install extends Base {
            @Parameters(paramLabel = "FILE")
            Path file;

            @Override
            int run(ModelRegistry r) {
                var policy = r.access().install(file);
                done(policy, "installed the policy of %s", file);
                return 0;
            }
        }
    }

    @Command(name = "keygen", description = "Write a new Ed25519 key pair (for audit checkpoints or version signatures).")
    static final class Keygen implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "the key file to write (private and public key, PEM)")
        Path file;

        @Option(names = "--public", paramLabel = "FILE", description = "also write the public key alone here")
        Path publicFile;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (Files.exists(file)) {
                throw new ValidationException("%s exists: refusing to overwrite a key", file);
            }
            KeyPair pair = SigningKeys.generate();
            SigningKeys.writeKeyPair(pair, file);
            if (publicFile != null) {
                SigningKeys.writePublicKey(pair.getPublic(), publicFile);
            }
            spec.commandLine().getOut().println(SigningKeys.keyId(pair.getPublic()));
            return 0;
        }
    }

    @Command(name = "completion", description = "Print a bash/zsh completion script: source <(jmreg completion)")
    static final class Completion implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(AutoComplete.bash("jmreg", spec.root().commandLine()));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
