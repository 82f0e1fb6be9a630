package io.jmreg.core.registration;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A metadata-only registration costs the store the same whatever the size of its model: the bytes written per
 * registration (log entry, its share of the model's checkpoints, audit, catalog hints) and the objects read per
 * registration are about the same at 1,500 versions as at 300. Checkpoints of the whole state every 32 entries would
 * write three times as much per registration in the later window.
 */
class CommitCostTest {
    @TempDir
    Path temp;

    @Test
    void metadataOnlyRegistrationCostDoesNotGrowWithTheModel() {
        String uri = "writecount:cost-" + UUID.randomUUID();
        try (ModelRegistry r = ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(temp).build())) {
            long[] early = registerRange(r, 1, 256);
            long[] small = registerRange(r, 257, 512); // checkpoints every 64 entries here
            registerRange(r, 513, 1024);
            long[] large = registerRange(r, 1025, 1536); // a model three to four times the size
            double smallWrite = (double) small[0] / 256;
            double largeWrite = (double) large[0] / 512;
            double smallReads = (double) small[1] / 256;
            double largeReads = (double) large[1] / 512;
            assertThat(early[0]).isPositive();
            assertThat(largeWrite).as("bytes written per registration at 1025-1536 versions vs 257-512")
                    .isLessThan(smallWrite * 1.5);
            assertThat(largeReads).as("objects read per registration at 1025-1536 versions vs 257-512")
                    .isLessThanOrEqualTo(smallReads * 1.5); // none at all: a commit builds on the state it knows
        }
    }

    /** Registers versions 1.0.from..1.0.to of one model; returns bytes written and objects read meanwhile. */
    private static long[] registerRange(ModelRegistry r, int from, int to) {
        long written = WriteCountingProvider.WRITTEN.get();
        long reads = WriteCountingProvider.READS.get();
        for (int i = from; i <= to; i++) {
            r.registerModel(Registration.builder("grows").version("1.0." + i).metric("accuracy", 0.9)
                    .description("version " + i).build());
        }
        return new long[] {WriteCountingProvider.WRITTEN.get() - written, WriteCountingProvider.READS.get() - reads};
    }
}
