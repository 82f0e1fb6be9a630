package io.jmreg.server;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No destructive action is pre-selected or done in one click (jsoup, no script): the promote form starts on no stage;
 * archiving, deprecating and removing an alias (even the protected production alias) answer with a confirmation
 * page whose own form, posted with {@code confirm=yes}, does it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiConfirmationsTest {
    private static final String MODEL_PAGE = "/models/fraud%2Fdetector";
    private final TestServers servers = new TestServers();
    private TestServers.Running run;
    private WebSession bob;

    @BeforeAll
    void start(@TempDir Path temp) throws Exception {
        run = servers.start(temp);
        new UiFixture().populate(run.registry(), temp, 0);
        bob = new WebSession(run.server().uri());
        assertThat(bob.signIn(TestServers.BOB_TOKEN).statusCode()).isEqualTo(303);
    }

    @AfterAll
    void stop() throws Exception {
        servers.closeAll();
    }

    @Test
    void thePromoteFormPreSelectsNoStage() throws Exception {
        for (String version : new String[]{"1.0.0", "1.1.0", "1.2.0"}) {
            Document page = bob.page(MODEL_PAGE + "/versions/" + version);
            Element select = page.selectFirst("#promote-stage");
            assertThat(select).as(version).isNotNull();
            assertThat(select.hasAttr("required")).isTrue();
            Element first = select.selectFirst("option");
            assertThat(first.val()).as("the first option of " + version + " chooses nothing").isEmpty();
            assertThat(select.select("option[selected]")).allSatisfy(o -> assertThat(o.val()).isEmpty());
        }
        // posting the form as it stands changes nothing
        Document page = bob.page(MODEL_PAGE + "/versions/1.2.0");
        Document after = bob.submit(page, "#promote-form", Map.of());
        assertThat(after.select("#flash.refused").text()).contains("stage");
        assertThat(run.registry().resolve(UiFixture.MODEL + ":1.2.0").stage()).isEqualTo("development");
    }

    @Test
    void deprecatingAsksFirstThenDeprecatesOnConfirmation() throws Exception {
        Document page = bob.page(MODEL_PAGE + "/versions/1.0.0");
        assertThat(page.select("#promote-stage option").eachAttr("value")).contains("deprecated");
        Document confirm = confirmation(bob.post(MODEL_PAGE + "/versions/1.0.0/promote",
                Map.of("csrf", csrf(page), "stage", "deprecated")));
        assertThat(confirm.select("#confirm").text()).contains("fraud/detector:1.0.0", "deprecated");
        assertThat(run.registry().resolve(UiFixture.MODEL + ":1.0.0").stage()).isEqualTo("development");
        assertThat(confirm.select("#confirm a.cancel").attr("href")).isEqualTo("/models/fraud/detector/versions/1.0.0");

        Document done = bob.submit(confirm, "#confirm form", Map.of());
        assertThat(done.select("#flash.ok").text()).contains("deprecated");
        assertThat(run.registry().resolve(UiFixture.MODEL + ":1.0.0").stage()).isEqualTo("deprecated");

        // and from deprecated, archiving asks too
        Document again = confirmation(bob.post(MODEL_PAGE + "/versions/1.0.0/promote",
                Map.of("csrf", csrf(done), "stage", "archived")));
        assertThat(again.select("#confirm h1").text()).contains("archived");
        assertThat(run.registry().resolve(UiFixture.MODEL + ":1.0.0").stage()).isEqualTo("deprecated");
    }

    @Test
    void removingAnAliasAsksFirstEvenForProduction() throws Exception {
        for (String alias : new String[]{"challenger", "production"}) {
            if (!run.registry().aliases(UiFixture.MODEL).containsKey(alias)) {
                continue; // production exists only where promotion sets it
            }
            Document page = bob.page(MODEL_PAGE);
            Element form = page.selectFirst("#aliases li:has(.badge:containsOwn(" + alias + ")) form");
            Map<String, String> fields = new LinkedHashMap<>();
            form.select("input[name]").forEach(i -> fields.put(i.attr("name"), i.val()));
            Document confirm = confirmation(bob.post(URI.create(form.absUrl("action")).getRawPath(), fields));
            assertThat(confirm.select("#confirm").text()).contains(alias);
            assertThat(run.registry().aliases(UiFixture.MODEL)).containsKey(alias);
            Document done = bob.submit(confirm, "#confirm form", Map.of());
            assertThat(done.select("#flash").text()).contains("Alias " + alias + " removed.");
            assertThat(run.registry().aliases(UiFixture.MODEL)).doesNotContainKey(alias);
        }
    }

    @Test
    void aForgedConfirmationStillNeedsTheCsrfToken() throws Exception {
        HttpResponse<String> r = bob.post(MODEL_PAGE + "/unalias", Map.of("alias", "champion", "confirm", "yes",
                "csrf", "forged"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(run.registry().aliases(UiFixture.MODEL)).containsKey("champion");
    }

    private static String csrf(Document page) {
        return page.selectFirst("input[name=csrf]").val();
    }

    private Document confirmation(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Document d = bob.parse(r);
        assertThat(d.select("#confirm form input[name=confirm]").val()).isEqualTo("yes");
        return d;
    }
}
