package io.jmreg.cli;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.model.CacheReport;
import picocli.CommandLine.Command;

/** {@code jmreg cache verify}: this machine's pull cache. */
@Command(name = "cache", description = "This machine's pull cache ($REGISTRY_CACHE).",
        subcommands = CacheCommands.Verify.class)
final class CacheCommands {
    private CacheCommands() {
    }

    @Command(name = "verify", description = "Re-hash every file of the local pull cache and repair what was modified: "
            + "corrupt blobs are removed (fetched again on their next use), modified or missing pulled files restored.")
    static final class Verify extends Base {
        @Override
        int run(ModelRegistry r) {
            CacheReport c = r.verifyCache();
            done(c, "checked %d blobs (%d corrupt, removed) and %d pulled files (%d repaired); %d bytes hashed",
                    c.blobsChecked(), c.blobsCorrupt(), c.snapshotFilesChecked(), c.snapshotFilesRepaired(),
                    c.bytesHashed());
            return 0;
        }
    }
}
