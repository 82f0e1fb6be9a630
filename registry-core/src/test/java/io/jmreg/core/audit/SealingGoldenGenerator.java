package io.jmreg.core.audit;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.audit.AuditQuery;
import java.nio.file.Path;

/**
 * Wrote the golden store {@code src/test/resources/golden/sealing-1} of {@link SealingGoldenStoreTest} once (never
 * rerun: the test pins what it wrote), through the public API: {@code java -cp <test classpath>
 * io.jmreg.core.audit.SealingGoldenGenerator <dir>}, then {@code <dir>/store} without its {@code .tmp} copied in.
 * Alice registers {@code m:1.0.0} and moves {@code production} to it (sealed together by her query); bob, whose
 * sealer waits a minute, registers {@code m:1.0.1} and the process halts before his sealer runs.
 */
public final class SealingGoldenGenerator {
    private SealingGoldenGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String uri = "file:" + dir.resolve("store");
        ModelRegistry left = ModelRegistry.open(RegistryOptions.builder(uri).principal("bob")
                .cacheDirectory(dir.resolve("cache-b")).property("audit.seal-delay-ms", "60000").build());
        left.listModels();
        try (ModelRegistry r = ModelRegistry.open(RegistryOptions.builder(uri).principal("alice")
                .cacheDirectory(dir.resolve("cache-a")).property("audit.seal-delay-ms", "60000").build())) {
            r.registerModel(Registration.builder("m").version("1.0.0").metric("accuracy", 0.9).build());
            r.setAlias("m", "production", "1.0.0");
            r.audit().query(AuditQuery.all().limit(1)); // both sealed together, in one block
        }
        left.registerModel(Registration.builder("m").version("1.0.1").description("left behind").build());
        Runtime.getRuntime().halt(0); // as a process killed before its sealer ran
    }
}
