package io.jmreg.server;

import io.jmreg.api.Registration;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.lifecycle.Approval;
import io.jmreg.api.lifecycle.StageDefinition;
import io.jmreg.api.lifecycle.StageMachine;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Four-eyes promotion through the web UI: a request, the requester's own approval refused, another's accepted. */
class WebUiApprovalTest {
    private final TestServers servers = new TestServers();

    @AfterEach
    void stop() throws Exception {
        servers.closeAll();
    }

    @Test
    void aPromotionIntoAnApprovedStageWaitsForAnotherPrincipal(@TempDir Path temp) throws Exception {
        Map<String, StageDefinition> stages = new LinkedHashMap<>(StageMachine.defaults().stages());
        StageDefinition production = stages.get("production");
        stages.put("production", new StageDefinition("production", production.transitions(), production.operations(),
                Approval.OTHER_PRINCIPAL));
        StageMachine machine = new StageMachine(StageMachine.defaults().initial(), stages);
        TestServers.Running run = servers.start(temp, r -> r.stageMachine(machine), s -> s);
        run.registry().access().install(AccessPolicy.builder().grant("server", "model_admin").grant("admin", "model_admin")
                .grant("bob", "ml_engineer").build());
        run.registry().registerModel(Registration.builder("churn").version("2.0.0").metric("auc", 0.91).build());
        run.registry().lifecycle().promote("churn:2.0.0", "testing");
        run.registry().lifecycle().promote("churn:2.0.0", "staging");

        WebSession bob = new WebSession(run.server().uri());
        bob.signIn(TestServers.BOB_TOKEN);
        String page = "/models/churn/versions/2.0.0";
        Document requested = bob.submit(bob.page(page), "#promote-form", Map.of("stage", "production",
                "gates", "metrics.auc >= 0.9"));
        assertThat(requested.select("#flash").text()).isEqualTo("Promotion of churn:2.0.0 to production requested; "
                + "it waits for another principal's approval.");
        assertThat(requested.select("#stage").text()).isEqualTo("staging");
        assertThat(requested.select("#pending li").text()).contains("production, requested by bob");
        assertThat(bob.page("/models/churn").select("#pending").text()).contains("2.0.0 → production", "bob");
        Document asRequester = bob.page(page);
        assertThat(asRequester.select("#pending form")).as("no Approve button for the requester").isEmpty();
        assertThat(asRequester.select("#pending .separation").text())
                .isEqualTo("(another principal must approve it: separation of duties)");

        var own = bob.post(page + "/approve", Map.of("stage", "production",
                "csrf", requested.selectFirst("input[name=csrf]").val()));
        assertThat(own.statusCode()).isEqualTo(403);
        assertThat(bob.parse(own).select("#error .message").text()).isEqualTo("You are signed in as 'bob', who may not "
                + "use models:promote on churn:2.0.0 here: separation of duties: 'bob' requested the promotion of "
                + "churn:2.0.0 to 'production', and it must be approved by another principal.");
        assertThat(run.registry().resolve("churn:2.0.0").stage()).isEqualTo("staging");

        WebSession admin = new WebSession(run.server().uri());
        admin.signIn(TestServers.ADMIN_TOKEN);
        assertThat(admin.page(page).select("#pending form button.approve")).as("another principal may approve")
                .hasSize(1);
        Document approved = admin.submit(admin.page(page), "#pending form", Map.of());
        assertThat(approved.select("#flash").text()).isEqualTo("Approved churn:2.0.0 for production.");
        assertThat(approved.select("#stage").text()).isEqualTo("production");
        assertThat(approved.select("#pending")).isEmpty();
        assertThat(run.registry().resolve("churn:2.0.0").stage()).isEqualTo("production");
    }

    @Test
    void whereTheCreatorIsExcludedItsPageOffersNoApprovalAndItsPostIsRefusedSayingWhy(@TempDir Path temp)
            throws Exception {
        TestServers.Running run = servers.start(temp);
        run.registry().access().install(AccessPolicy.builder().grant("server", "model_admin").grant("admin", "model_admin")
                .grant("alice", "ml_engineer").grant("bob", "ml_engineer")
                .requireApproval("production", Approval.OTHER_THAN_REQUESTER_AND_CREATOR).build());
        run.registry().as("admin").registerModel(Registration.builder("churn").version("3.0.0").build()); // its creator
        run.registry().promote("churn:3.0.0", "testing");
        run.registry().promote("churn:3.0.0", "staging");
        run.registry().as("bob").promote("churn:3.0.0", "production");
        String page = "/models/churn/versions/3.0.0";

        WebSession admin = new WebSession(run.server().uri());
        admin.signIn(TestServers.ADMIN_TOKEN);
        Document asCreator = admin.page(page);
        assertThat(asCreator.select("#pending li").text()).contains("production, requested by bob");
        assertThat(asCreator.select("#pending form")).as("the creator may not approve").isEmpty();
        var refused = admin.post(page + "/approve", Map.of("stage", "production",
                "csrf", asCreator.selectFirst("input[name=csrf]").val()));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(admin.parse(refused).select("#error .message").text()).isEqualTo("You are signed in as 'admin', "
                + "who may not use models:promote on churn:3.0.0 here: separation of duties: 'admin' created "
                + "churn:3.0.0, and a promotion to 'production' must be approved by someone other than its requester "
                + "and its creator.");
        assertThat(run.registry().resolve("churn:3.0.0").stage()).isEqualTo("staging");

        WebSession alice = new WebSession(run.server().uri());
        alice.signIn(TestServers.ALICE_TOKEN);
        Document approved = alice.submit(alice.page(page), "#pending form", Map.of());
        assertThat(approved.select("#flash").text()).isEqualTo("Approved churn:3.0.0 for production.");
        assertThat(run.registry().resolve("churn:3.0.0").stage()).isEqualTo("production");
    }
}
