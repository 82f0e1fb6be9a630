package io.jmreg.server;

import io.jmreg.api.Registration;
import io.jmreg.api.webhooks.WebhookSubscription;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web UI's webhooks page at the HTML level (jsoup) over a real server: subscriptions listed without secrets, a
 * generated secret shown once, deliveries listed and redelivered to a real receiver that checks signatures, removal
 * after a confirmation step, and a principal without {@code registry:webhooks} refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiWebhooksTest {
    private static final String SECRET = "ui-test-secret-0123456789";
    private UiSite site;

    @BeforeAll
    void start(@TempDir Path temp) throws Exception {
        site = UiSite.start(temp, 0);
    }

    @AfterAll
    void stop() throws Exception {
        site.close();
    }

    private WebSession signedIn(String token) throws Exception {
        return site.signedIn(token);
    }

    private static Element section(Document page, String id) {
        return page.select("section.webhook").stream()
                .filter(e -> e.select(".webhook-id").text().equals(id)).findFirst().orElse(null);
    }

    private static String newestId(Document page) {
        return page.select("section.webhook .webhook-id").last().text();
    }

    @Test
    void addShowsAGeneratedSecretOnceAndListsTheSubscriptionWithoutIt() throws Exception {
        WebSession admin = signedIn(TestServers.ADMIN_TOKEN);
        Document page = admin.page("/models");
        assertThat(page.select("#nav-webhooks").attr("href")).isEqualTo("/webhooks");
        Document added = admin.submit(admin.page("/webhooks"), "#add-webhook", Map.of(
                "url", "http://127.0.0.1:9/never", "events", "registered, Stage_Changed", "models", "nobody/**"));
        assertThat(added.select("#flash").text()).startsWith("Added webhook ");
        String secret = added.select("#new-secret code.secret").text();
        assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(40);
        String id = added.select("#new-secret code").first().text();
        Element row = section(added, id);
        assertThat(row).isNotNull();
        assertThat(row.select(".url").text()).isEqualTo("http://127.0.0.1:9/never");
        assertThat(row.select(".events").text()).isEqualTo("registered, stage_changed");
        assertThat(row.select(".pattern").text()).isEqualTo("nobody/**");
        assertThat(row.select(".deliveries-none").text()).isEqualTo("No deliveries yet.");
        assertThat(site.registry().webhooks().list()).extracting(WebhookSubscription::id).contains(id);

        Document reloaded = admin.page("/webhooks");
        assertThat(reloaded.select("#new-secret")).isEmpty();
        assertThat(reloaded.html()).doesNotContain(secret);
        assertThat(section(reloaded, id)).isNotNull();

        // a secret typed in is never shown; bad input is refused with the reason and nothing is stored
        int before = site.registry().webhooks().list().size();
        Document typed = admin.submit(reloaded, "#add-webhook", Map.of("url", "http://127.0.0.1:9/typed", "models", "nobody/**",
                "secret", SECRET));
        assertThat(typed.select("#new-secret")).isEmpty();
        assertThat(typed.html()).doesNotContain(SECRET);
        Document shortSecret = admin.submit(typed, "#add-webhook", Map.of("url", "http://127.0.0.1:9/x",
                "secret", "short"));
        assertThat(shortSecret.select("#flash.refused").text()).contains("16..512 characters");
        Document badEvent = admin.submit(typed, "#add-webhook", Map.of("url", "http://127.0.0.1:9/x",
                "events", "registred"));
        assertThat(badEvent.select("#flash.refused").text()).contains("Unknown event type 'registred'");
        assertThat(site.registry().webhooks().list()).hasSize(before + 1);
    }

    @Test
    void deliveriesAreListedAndRedeliveredToTheReceiver() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(SECRET)) {
            WebSession admin = signedIn(TestServers.ADMIN_TOKEN);
            Document added = admin.submit(admin.page("/webhooks"), "#add-webhook", Map.of("url", receiver.url(),
                    "events", "registered", "models", "hooked/**", "secret", SECRET));
            String id = newestId(added);
            site.registry().as("alice").registerModel(Registration.builder("hooked/model").version("1.0.0").build());
            Element delivery = null;
            for (long end = System.nanoTime() + 15_000_000_000L; System.nanoTime() < end; Thread.sleep(100)) {
                delivery = section(admin.page("/webhooks"), id).selectFirst("tr.delivery.delivered");
                if (delivery != null) {
                    break;
                }
            }
            assertThat(delivery).as("a delivered row").isNotNull();
            assertThat(delivery.select(".event").text()).isEqualTo("registered");
            assertThat(delivery.select("td").get(1).text()).isEqualTo("hooked/model:1.0.0");
            assertThat(delivery.select(".attempts").text()).isEqualTo("1");
            assertThat(delivery.select(".answer").text()).isEqualTo("HTTP 204");
            assertThat(delivery.select("time").attr("datetime")).isNotEmpty();
            assertThat(receiver.received).hasSize(1);
            String deliveryId = delivery.attr("data-id");
            assertThat(receiver.received.get(0).id()).isEqualTo(deliveryId);

            receiver.answer = () -> 503;
            Document failed = admin.submit(admin.page("/webhooks"), "tr.delivery[data-id=" + deliveryId
                    + "] form.redeliver", Map.of());
            assertThat(failed.select("#flash").text()).startsWith("Delivered " + deliveryId + " once more")
                    .contains("HTTP 503");
            receiver.answer = () -> 204;
            Document again = admin.submit(failed, "tr.delivery[data-id=" + deliveryId + "] form.redeliver", Map.of());
            assertThat(again.select("#flash").text()).isEqualTo("Delivered " + deliveryId
                    + " once more: delivered (HTTP 204).");
            assertThat(receiver.received).hasSize(2);
            assertThat(receiver.received.get(1).id()).isEqualTo(deliveryId); // the same delivery, signed again
            Element row = section(again, id).selectFirst("tr.delivery[data-id=" + deliveryId + "]");
            assertThat(row.select(".attempts").text()).isEqualTo("3");
            assertThat(row.select(".status").text()).isEqualTo("delivered");
        }
    }

    @Test
    void removalNeedsAConfirmationStep() throws Exception {
        WebSession admin = signedIn(TestServers.ADMIN_TOKEN);
        Document added = admin.submit(admin.page("/webhooks"), "#add-webhook", Map.of(
                "url", "http://127.0.0.1:9/remove-me", "models", "nobody/**", "secret", SECRET));
        String id = newestId(added);
        String confirm = section(added, id).selectFirst("a.remove").attr("href");

        // a post without the confirmation only leads to the confirmation
        HttpResponse<String> unconfirmed = admin.post("/webhooks/subscriptions/" + id + "/remove",
                Map.of("csrf", added.selectFirst("input[name=csrf]").val()));
        assertThat(unconfirmed.statusCode()).isEqualTo(303);
        assertThat(unconfirmed.headers().firstValue("Location")).contains(confirm);
        assertThat(site.registry().webhooks().list()).extracting(WebhookSubscription::id).contains(id);

        Document asking = admin.page(confirm);
        assertThat(asking.select("#confirm-remove h2").text()).isEqualTo("Remove webhook " + id + "?");
        assertThat(asking.select("#confirm-remove").text()).contains("http://127.0.0.1:9/remove-me");
        Document removed = admin.submit(asking, "#confirm-remove form", Map.of());
        assertThat(removed.select("#flash").text()).startsWith("Removed webhook " + id);
        assertThat(section(removed, id)).isNull();
        assertThat(site.registry().webhooks().list()).extracting(WebhookSubscription::id).doesNotContain(id);
    }

    @Test
    void aViewerNeitherSeesNorReachesThePage() throws Exception {
        WebSession viewer = signedIn(TestServers.VIEWER_TOKEN);
        Document models = viewer.page("/models");
        assertThat(models.select("#nav-webhooks")).isEmpty();
        HttpResponse<String> page = viewer.get("/webhooks");
        assertThat(page.statusCode()).isEqualTo(403);
        assertThat(viewer.parse(page).select("#error h1").text()).isEqualTo("403 · Not allowed");
        assertThat(viewer.parse(page).select("#error .message").text()).contains("'viewer'", "registry:webhooks");
        int before = site.registry().webhooks().list().size();
        HttpResponse<String> add = viewer.post("/webhooks/add", Map.of("csrf",
                models.selectFirst("input[name=csrf]").val(), "url", "http://127.0.0.1:9/sneaky"));
        assertThat(add.statusCode()).isEqualTo(403);
        assertThat(site.registry().webhooks().list()).hasSize(before);
        // the ML engineer may promote and deploy, not manage webhooks
        assertThat(signedIn(TestServers.BOB_TOKEN).get("/webhooks").statusCode()).isEqualTo(403);
    }
}
