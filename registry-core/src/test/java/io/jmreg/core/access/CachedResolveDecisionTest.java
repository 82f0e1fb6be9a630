package io.jmreg.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.access.Scope;
import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.VersionNotFoundException;
import io.jmreg.api.model.Tier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hot resolve under a policy is allowed from a decision cached per principal and reference, and that decision never
 * outlives what it was made from: a new policy (here or from another process, within the staleness bound), a tag
 * that a tag grant needs removed, an alias moved to a version above the principal's tier, a newer version above it.
 * Each case first resolves often enough that the allow is cached and served from the cache, then changes one input.
 */
class CachedResolveDecisionTest {
    private static final int HOT = 10_000;

    @TempDir
    Path temp;

    private ModelRegistry open(String uri) {
        return ModelRegistry.open(RegistryOptions.builder(uri).principal("admin")
                .cacheDirectory(temp.resolve("cache-" + UUID.randomUUID())).staleness(Duration.ofMillis(200)).build());
    }

    private static void resolveHot(ModelRegistry registry, String reference, String expected) {
        for (int i = 0; i < HOT; i++) {
            assertThat(registry.resolve(reference).version()).isEqualTo(expected);
        }
    }

    @Test
    void aCachedAllowTurnsIntoADenyWhenThePolicyChanges() {
        try (ModelRegistry admin = open("mem:decisions-" + UUID.randomUUID())) {
            admin.registerModel(Registration.builder("m").version("1.0.0").build());
            admin.setAlias("m", "serving", "1.0.0");
            admin.access().install(AccessPolicy.builder().grant("admin", "model_admin").grant("reader", "viewer").build());
            ModelRegistry reader = admin.as("reader");
            resolveHot(reader, "m@serving", "1.0.0");

            admin.access().install(AccessPolicy.builder().grant("admin", "model_admin").build());
            assertThatThrownBy(() -> reader.resolve("m@serving")).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> reader.resolve("m@serving")).isInstanceOf(AccessDeniedException.class);
            assertThat(admin.audit().query(AuditQuery.all().principal("reader")).stream()
                    .filter(e -> e.outcome() == AuditEntry.Outcome.DENIED)
                    .count()).as("each denial is audited, as on the whole pipeline").isEqualTo(2);

            admin.access().install(AccessPolicy.builder().grant("admin", "model_admin").grant("reader", "viewer").build());
            resolveHot(reader, "m@serving", "1.0.0");
        }
    }

    @Test
    void aPolicyChangedByAnotherProcessEndsACachedAllowWithinTheStalenessBound() throws Exception {
        String uri = "mem:shared-" + UUID.randomUUID(); // two instances on one store, each with its own caches
        try (ModelRegistry writer = open(uri); ModelRegistry server = open(uri)) {
            writer.registerModel(Registration.builder("m").version("1.0.0").build());
            writer.setAlias("m", "serving", "1.0.0");
            writer.access().install(AccessPolicy.builder().grant("admin", "model_admin").grant("reader", "viewer").build());
            Thread.sleep(250); // past the bound: the server sees the policy
            ModelRegistry reader = server.as("reader");
            resolveHot(reader, "m@serving", "1.0.0");

            writer.access().install(AccessPolicy.builder().grant("admin", "model_admin").build());
            long changed = System.nanoTime();
            boolean denied = false;
            while (!denied) {
                try {
                    reader.resolve("m@serving");
                    assertThat(System.nanoTime() - changed).as("allowed past the staleness bound")
                            .isLessThan(Duration.ofMillis(200).toNanos());
                } catch (AccessDeniedException expected) {
                    denied = true;
                }
            }
        }
    }

    @Test
    void aCachedAllowThroughATagGrantEndsWhenTheTagIsRemoved() {
        try (ModelRegistry admin = open("mem:decisions-" + UUID.randomUUID())) {
            admin.registerModel(Registration.builder("m").version("1.0.0").tags("public").build());
            admin.setAlias("m", "serving", "1.0.0");
            admin.access().install(AccessPolicy.builder().grant("admin", "model_admin")
                    .grant("reader", Scope.tagged("public"), "viewer").build());
            ModelRegistry reader = admin.as("reader");
            resolveHot(reader, "m@serving", "1.0.0");
            resolveHot(reader, "m:1.0.0", "1.0.0");

            admin.updateTags("m:1.0.0", Set.of(), Set.of("public"));
            resolveHot(admin, "m@serving", "1.0.0"); // another principal's resolve caches the new resolution
            resolveHot(admin, "m:1.0.0", "1.0.0");
            assertThatThrownBy(() -> reader.resolve("m@serving")).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> reader.resolve("m:1.0.0")).isInstanceOf(AccessDeniedException.class);

            admin.updateTags("m:1.0.0", Set.of("public"), Set.of());
            resolveHot(reader, "m@serving", "1.0.0");
        }
    }

    @Test
    void aCachedAllowEndsWhenTheReferenceSelectsAVersionAboveThePrincipalsTier() {
        try (ModelRegistry admin = open("mem:decisions-" + UUID.randomUUID())) {
            admin.registerModel(Registration.builder("m").version("1.0.0").tier(Tier.LITE).build());
            admin.registerModel(Registration.builder("m").version("2.0.0").tier(Tier.PROFESSIONAL).build());
            admin.setAlias("m", "serving", "1.0.0");
            admin.access().install(AccessPolicy.builder().grant("admin", "model_admin").grant("reader", "viewer")
                    .tier("reader", Tier.LITE).build());
            ModelRegistry reader = admin.as("reader");
            resolveHot(reader, "m@serving", "1.0.0");
            resolveHot(reader, "m:latest", "1.0.0"); // the newest the reader may see, not 2.0.0

            admin.setAlias("m", "serving", "2.0.0");
            resolveHot(admin, "m@serving", "2.0.0");
            assertThatThrownBy(() -> reader.resolve("m@serving")).isInstanceOf(VersionNotFoundException.class);
            admin.registerModel(Registration.builder("m").version("1.5.0").tier(Tier.LITE).build());
            resolveHot(reader, "m:latest", "1.5.0");
            admin.registerModel(Registration.builder("m").version("3.0.0").tier(Tier.PROFESSIONAL).build());
            resolveHot(reader, "m:latest", "1.5.0");
            resolveHot(admin, "m:latest", "3.0.0");

            // the reader's tier lowered by a new policy: a version it resolved from the cache is hidden
            resolveHot(reader, "m:1.5.0", "1.5.0");
            admin.registerModel(Registration.builder("m").version("1.6.0").tier(Tier.STANDARD).build());
            admin.access().install(AccessPolicy.builder().grant("admin", "model_admin").grant("reader", "viewer")
                    .tier("reader", Tier.STANDARD).build());
            resolveHot(reader, "m:1.6.0", "1.6.0");
            admin.access().install(AccessPolicy.builder().grant("admin", "model_admin").grant("reader", "viewer")
                    .tier("reader", Tier.LITE).build());
            assertThatThrownBy(() -> reader.resolve("m:1.6.0")).isInstanceOf(VersionNotFoundException.class);
        }
    }
}
