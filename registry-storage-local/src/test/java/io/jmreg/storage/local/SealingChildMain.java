package io.jmreg.storage.local;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.audit.AuditReport;
import io.jmreg.api.audit.AuditVerification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A child process of {@link AuditSealingCrashTest}: as principal {@code <model>-writer}, registers {@code count}
 * metadata-only versions of {@code model} with the audit sealer delayed {@code sealDelayMs}. Mode {@code hold} then
 * waits to be killed (its audit entries still queued); mode {@code seal} first waits for the file {@code go}, and
 * after its registrations verifies the trail with a maximum audit lag of 5 minutes (which seals commits left behind by dead
 * processes within it) and closes.
 */
public final class SealingChildMain {
    private SealingChildMain() {
    }

    public static void main(String[] args) throws Exception {
        String uri = args[0];
        Path work = Path.of(args[1]);
        String model = args[2];
        int count = Integer.parseInt(args[3]);
        String mode = args[5];
        try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder(uri).principal(model + "-writer")
                .cacheDirectory(work.resolve("cache-" + model)).staleness(Duration.ZERO)
                .property("audit.seal-delay-ms", args[4]).build())) {
            System.out.println("READY");
            System.out.flush();
            if (mode.equals("seal")) {
                Path go = Path.of(args[6]);
                while (!Files.exists(go)) {
                    Thread.sleep(5);
                }
            }
            for (int i = 1; i <= count; i++) {
                registry.registerModel(Registration.builder(model).version("1.0." + i).build());
                System.out.println("REGISTERED " + i);
                System.out.flush();
            }
            if (mode.equals("hold")) {
                Thread.sleep(Long.MAX_VALUE);
            }
            // a lag of minutes: a loaded machine may take longer than the default 10 s to start this process
            AuditReport report = registry.audit().verify(AuditVerification.trusting()
                    .withMaxAuditLag(Duration.ofMinutes(5)));
            System.out.println("VERIFIED " + report.valid() + " " + report.problem());
        }
        System.out.println("DONE");
        System.out.flush();
    }
}
