package io.jmreg.cli;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.model.ModelSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;

/** {@code jmreg describe MODEL}: sets, replaces or removes the model card (the model's own Markdown description). */
@Command(name = "describe", description = "Set, replace or remove a model's card: Markdown describing the model as a "
        + "whole (shown on the web UI's model page and by info --model); a version's description is set with update.")
final class DescribeCommand extends Base {
    @Parameters(paramLabel = "MODEL", description = "a model name (no version)")
    String model;

    @Option(names = "--description", paramLabel = "TEXT", description = "the card's Markdown ('' removes it)")
    String description;

    @Option(names = "--description-file", paramLabel = "FILE", description = "the card from this file "
            + "(UTF-8 Markdown, such as a README.md)")
    Path descriptionFile;

    @Override
    int run(ModelRegistry r) throws IOException {
        if (description != null && descriptionFile != null) {
            throw new ValidationException("give --description or --description-file, not both");
        }
        if (descriptionFile != null) {
            description = OptionValues.text("--description-file", descriptionFile);
        }
        if (description == null) {
            throw new ValidationException("no card given: --description TEXT or --description-file FILE "
                    + "(--description '' removes it)");
        }
        ModelSummary s = r.updateModelDescription(model, description);
        done(s, s.description() == null ? "removed the model card of %s" : "described %s", s.name());
        return 0;
    }
}
