package io.jmreg.core.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.lifecycle.Approval;
import io.jmreg.api.lifecycle.Operation;
import io.jmreg.api.lifecycle.StageDefinition;
import io.jmreg.api.lifecycle.StageMachine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Four eyes stored with the policy: every opener enforces it, whatever its own stage machine says. */
class StoredFourEyesTest {
    @TempDir
    Path temp;

    private ModelRegistry open(String uri, StageMachine machine) {
        RegistryOptions.Builder b = RegistryOptions.builder(uri).principal("admin").cacheDirectory(temp.resolve("c"))
                .staleness(Duration.ZERO);
        return ModelRegistry.open((machine == null ? b : b.stageMachine(machine)).build());
    }

    @Test
    void aSecondOpenerWithTheDefaultMachineCannotBypassTheStoredApproval() {
        String uri = "mem:four-eyes-" + System.nanoTime();
        try (ModelRegistry first = open(uri, null); ModelRegistry second = open(uri, null)) {
            first.access().install(AccessPolicy.builder().grant("admin", "model_admin").grant("eng1", "ml_engineer")
                    .grant("eng2", "ml_engineer").requireApproval("production", Approval.OTHER_PRINCIPAL).build());
            first.registerModel(Registration.builder("m").version("2.0.0").build());
            first.lifecycle().promote("m:2.0.0", "testing");
            first.lifecycle().promote("m:2.0.0", "staging");

            ModelRegistry eng1 = second.as("eng1");
            assertThat(eng1.lifecycle().promote("m:2.0.0", "production").stage()).as("only requested").isEqualTo("staging");
            assertThat(second.lifecycle().pendingPromotions("m")).singleElement()
                    .satisfies(p -> assertThat(p.requestedBy()).isEqualTo("eng1"));
            assertThatThrownBy(() -> eng1.lifecycle().approve("m:2.0.0", "production")).isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("separation of duties");
            assertThat(first.as("eng2").lifecycle().approve("m:2.0.0", "production").stage()).isEqualTo("production");
            assertThat(second.lifecycle().stageHistory("m:2.0.0")).last().satisfies(c -> assertThat(c.by()).isEqualTo("eng2"));
        }
    }

    @Test
    void theStoredRuleOverridesAProcessMachineEitherWayAndTheCreatorRuleTravelsToo() {
        StageMachine strict = new StageMachine("development", Map.of(
                "development", new StageDefinition("development", Set.of("production"),
                        EnumSet.allOf(Operation.class)),
                "production", new StageDefinition("production", Set.of(),
                        EnumSet.allOf(Operation.class), Approval.OTHER_PRINCIPAL)));
        String uri = "mem:four-eyes-" + System.nanoTime();
        try (ModelRegistry r = open(uri, strict)) {
            r.access().install(AccessPolicy.builder().grant("admin", "model_admin").grant("eng1", "ml_engineer")
                    .build());
            r.registerModel(Registration.builder("m").version("1.0.0").build());
            assertThat(r.as("eng1").lifecycle().promote("m:1.0.0", "production").stage())
                    .as("a policy stating nothing leaves the machine's rule").isEqualTo("development");

            r.access().install(AccessPolicy.builder().grant("admin", "model_admin").grant("eng1", "ml_engineer")
                    .requireApproval("staging", Approval.OTHER_PRINCIPAL).build());
            r.registerModel(Registration.builder("m").version("1.1.0").build());
            assertThat(r.as("eng1").lifecycle().promote("m:1.1.0", "production").stage())
                    .as("the stored policy states four eyes without production: it wins").isEqualTo("production");
            assertThat(r.as("eng1").stageMachine().stage("production").approval())
                    .as("the machine in force shows the stored rule").isEqualTo(Approval.NONE);

            r.access().install(AccessPolicy.builder().grant("admin", "model_admin").grant("eng1", "ml_engineer")
                    .grant("eng2", "ml_engineer")
                    .requireApproval("production", Approval.OTHER_THAN_REQUESTER_AND_CREATOR).build());
            r.registerModel(Registration.builder("m").version("1.2.0").build()); // created by admin
            assertThat(r.as("eng1").lifecycle().stageMachine().stage("production").approval())
                    .isEqualTo(Approval.OTHER_THAN_REQUESTER_AND_CREATOR);
            assertThat(r.lifecycle().stageMachine().stage("development").approval()).isEqualTo(Approval.NONE);
            r.as("eng1").lifecycle().promote("m:1.2.0", "production");
            assertThatThrownBy(() -> r.lifecycle().approve("m:1.2.0", "production")).isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("creator");
            assertThat(r.as("eng2").lifecycle().approve("m:1.2.0", "production").stage()).isEqualTo("production");
        }
    }

    @Test
    void theRuleRoundTripsThroughJsonAndOldDocumentsStillLoad() {
        AccessPolicy old = PolicyJson.parse("{\"schema\": 1, \"grants\": [{\"subject\": \"a\", \"roles\": [\"model_admin\"]}]}");
        assertThat(old.approvals()).as("not stated").isNull();
        assertThat(old.approvalFor("production")).isNull();

        AccessPolicy p = PolicyJson.parse("""
                {"grants": [{"subject": "a", "roles": ["model_admin"]}],
                 "approvals": {"production": "other-principal", "staging": "other-than-requester-and-creator"}}""");
        assertThat(p.approvalFor("production")).isEqualTo(Approval.OTHER_PRINCIPAL);
        assertThat(p.approvalFor("staging")).isEqualTo(Approval.OTHER_THAN_REQUESTER_AND_CREATOR);
        assertThat(p.approvalFor("testing")).isEqualTo(Approval.NONE);
        AccessPolicy again = PolicyJson.parse(new String(PolicyJson.write(p), StandardCharsets.UTF_8));
        assertThat(again).isEqualTo(p);
        assertThat(new String(PolicyJson.write(old), StandardCharsets.UTF_8)).doesNotContain("approvals");

        assertThatThrownBy(() -> PolicyJson.parse("{\"grants\": [], \"approvals\": {\"production\": \"someone\"}}"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("$.approvals.production")
                .hasMessageContaining("other-principal");
        assertThatThrownBy(() -> PolicyJson.parse("{\"grants\": [], \"approvals\": [\"production\"]}"))
                .isInstanceOf(ValidationException.class).hasMessageContaining("$.approvals");
    }
}
