package io.jmreg.interop;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.TransferOptions;

import java.nio.file.Path;

/** A separate process that imports from a hub (the kill-and-resume test kills it mid-file). */
public final class ImportMain {
    private ImportMain() {
    }

    /** Arguments: hub endpoint, store URI, cache directory, work directory. */
    public static void main(String[] args) {
        try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder(args[1]).cacheDirectory(Path.of(args[2]))
                .build())) {
            new ModelImporter(registry, Path.of(args[3])).fromHub(HubImport.of(HubMimic.REPO, "tiny").from(args[0])
                    .excluding("*.md"), TransferOptions.defaults());
        }
    }
}
