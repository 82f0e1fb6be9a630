package io.jmreg.cli;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.model.ModelVersion;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jmreg adapters compatible|bases}: which adapters fit a base model, and which base models an adapter fits. */
@Command(name = "adapters", description = "Adapters and the base models they are made for.",
        subcommands = {AdapterCommands.Compatible.class, AdapterCommands.Bases.class})
final class AdapterCommands {
    private AdapterCommands() {
    }

    @Command(name = "compatible", description = "The adapter versions made for a base model version (their base model "
            + "or compatible base models name it), best first (--json: the body of GET "
            + "/api/v1/search/compatible-adapters).")
    static final class Compatible extends Base {
        @Parameters(paramLabel = "BASE_REF")
        String reference;

        @Override
        int run(ModelRegistry r) {
            print(this, r.search().compatibleAdapters(reference));
            return 0;
        }
    }

    @Command(name = "bases", description = "The base model versions an adapter fits: its base model and compatible "
            + "base models (--json: the body of GET /api/v1/search/compatible-base-models).")
    static final class Bases extends Base {
        @Parameters(paramLabel = "ADAPTER_REF")
        String reference;

        @Override
        int run(ModelRegistry r) {
            print(this, r.search().compatibleBaseModels(reference));
            return 0;
        }
    }

    /** The versions as the route's JSON array, or a table. */
    private static void print(Base command, List<ModelVersion> versions) {
        if (command.json()) {
            command.printJson(versions);
            return;
        }
        Table t = new Table("VERSION", "KIND", "STAGE", "CREATED");
        versions.forEach(v -> t.row(v.reference(), v.kind(), v.stage(), v.created()));
        t.print(command.out());
    }
}
