package io.jmreg.cli;

import static io.jmreg.cli.OptionValues.numbers;
import static io.jmreg.cli.OptionValues.trim;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.lifecycle.EnvironmentDeployment;
import io.jmreg.api.lifecycle.TrafficSplit;
import io.jmreg.api.model.ModelVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The lifecycle: promotion (with gates and four eyes), approval, deployment with A/B splits, rollback. */
final class LifecycleCommands {
    private LifecycleCommands() {
    }

    @Command(name = "promote", description = "Move a version to a stage, evaluating the stage's gates (or request it, "
            + "when the stage needs approval).")
    static final class Promote extends Base {
        @Parameters(index = "0", paramLabel = "REF")
        String reference;

        @Parameters(index = "1", paramLabel = "STAGE")
        String stage;

        @Option(names = "--gate", paramLabel = "EXPR", description = "a gate, e.g. 'metrics.accuracy >= 0.9' (repeatable)")
        List<String> gates = new ArrayList<>();

        @Override
        int run(ModelRegistry r) {
            ModelVersion v = r.lifecycle().promote(reference, stage, gates.toArray(String[]::new));
            boolean pending = !v.stage().equals(stage);
            if (json()) {
                printJson(Map.of("version", v, "pending_approval", pending));
            } else if (pending) {
                say("requested %s -> %s: waiting for approval by another principal (jmreg approve %s %s)",
                        v.reference(), stage, v.reference(), stage);
            } else {
                say("promoted %s to %s", v.reference(), stage);
            }
            return 0;
        }
    }

    @Command(name = "approve", description = "Approve a pending promotion (four eyes: not by its requester).")
    static final class Approve extends Base {
        @Parameters(index = "0", paramLabel = "REF")
        String reference;

        @Parameters(index = "1", paramLabel = "STAGE")
        String stage;

        @Override
        int run(ModelRegistry r) {
            ModelVersion v = r.lifecycle().approve(reference, stage);
            done(v, "approved: %s is in %s", v.reference(), v.stage());
            return 0;
        }
    }

    @Command(name = "deploy", description = "Deploy a version to an environment, or split traffic between versions.")
    static final class Deploy extends Base {
        @Parameters(index = "0", paramLabel = "REF|MODEL", description = "a version reference, or the model with --split")
        String target;

        @Parameters(index = "1", paramLabel = "ENV")
        String environment;

        @Option(names = "--split", paramLabel = "VERSION=PERCENT", description = "A/B traffic share (repeatable, sum 100)")
        List<String> splits = new ArrayList<>();

        @Option(names = "--endpoint")
        String endpoint;

        @Option(names = "--replicas", defaultValue = "1")
        int replicas;

        @Option(names = "--adapter", paramLabel = "REF", description = "an adapter served on the deployed version (repeatable)")
        List<String> adapters = new ArrayList<>();

        @Override
        int run(ModelRegistry r) {
            EnvironmentDeployment d;
            if (splits.isEmpty()) {
                d = r.lifecycle().deploy(target, environment, endpoint, replicas, adapters);
            } else if (!adapters.isEmpty()) {
                throw new ValidationException("--adapter goes with one version, not with --split");
            } else {
                List<TrafficSplit> s = new ArrayList<>();
                numbers(splits, "--split").forEach((version, pct) -> s.add(new TrafficSplit(version, pct)));
                d = r.lifecycle().deploy(target, environment, s, endpoint, replicas);
            }
            done(d, "deployed to %s: %s%s", environment, d.splits().stream()
                    .map(x -> x.version() + " " + trim(x.percent()) + "%").collect(Collectors.joining(", ")),
                    d.adapters().isEmpty() ? "" : " with adapters " + String.join(", ", d.adapters()));
            return 0;
        }
    }

    @Command(name = "deploy-history", description = "Every deployment and rollback of an environment, oldest first: the "
            + "versions and shares, adapters, endpoint, when and by whom (--json: the body of GET "
            + ".../deployments/{environment}/history).")
    static final class DeployHistory extends Base {
        @Parameters(index = "0", paramLabel = "MODEL")
        String name;

        @Parameters(index = "1", paramLabel = "ENV")
        String environment;

        @Override
        int run(ModelRegistry r) {
            List<EnvironmentDeployment> history = r.lifecycle().deploymentHistory(name, environment);
            if (json()) {
                printJson(history);
                return 0;
            }
            Table t = new Table("WHEN", "SERVED", "ADAPTERS", "ENDPOINT", "BY", "ROLLBACK");
            for (EnvironmentDeployment d : history) {
                t.row(d.deployedAt(), d.splits().stream().map(x -> x.version() + " " + trim(x.percent()) + "%")
                        .collect(Collectors.joining(", ")), String.join(", ", d.adapters()), d.endpoint(),
                        d.deployedBy(), d.rollback() ? "yes" : "");
            }
            t.print(out());
            return 0;
        }
    }

    @Command(name = "rollback", description = "Roll an environment back to its previous deployment; asks first on a "
            + "terminal, needs --yes elsewhere.")
    static final class Rollback extends Base {
        @Parameters(index = "0", paramLabel = "MODEL")
        String name;

        @Parameters(index = "1", paramLabel = "ENV")
        String environment;

        @Mixin
        Confirmation confirmation = new Confirmation();

        @Override
        int run(ModelRegistry r) {
            confirmation.confirm("roll " + name + " in " + environment + " back to its previous deployment");
            EnvironmentDeployment d = r.lifecycle().rollback(name, environment);
            done(d, "rolled %s back: %s", environment, d.splits().stream()
                        .map(x -> x.version() + " " + trim(x.percent()) + "%").collect(Collectors.joining(", ")));
            return 0;
        }
    }
}
