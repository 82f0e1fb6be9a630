package io.jmreg.server;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import io.jmreg.api.Registration;
import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditQuery;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Model cards and version READMEs in the web UI: the model page renders the card as safe Markdown (hostile input
 * inert) with an "Edit the model card" form for who may update (CSRF, a viewer refused); a version without a
 * description shows its top-level README.md as its card, read through the audited artifact read, with a note that it
 * comes from the file (a leading YAML front matter block, as Hugging Face model cards have, left out), and a README
 * above 256 KiB only linked. In a real browser at 1366 and 390 px the card is
 * edited through the form and axe finds nothing serious or critical on either page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiModelCardTest {
    private UiSite site;
    private Path temp;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        temp = dir;
        site = UiSite.start(temp, 0);
    }

    @AfterAll
    void stop() throws Exception {
        site.close();
    }

    private Path files(String name, Map<String, String> contents) throws Exception {
        Path dir = Files.createDirectories(temp.resolve(name));
        for (Map.Entry<String, String> e : contents.entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue());
        }
        return dir;
    }

    @Test
    void theModelCardIsSafeMarkdownWithHostileInputInert() throws Exception {
        site.registry().registerModel(Registration.builder("cards/hostile-model").version("1.0.0").build());
        site.registry().updateModelDescription("cards/hostile-model", "## Card\n\n**Scores** [payments]"
                + "(https://example.org/p).\n\n[click](javascript:alert(1)) [data](data:text/html,x) "
                + "<img src=x onerror=alert(1)>\n\n<script>alert(2)</script>\n\n<a href=\"javascript:alert(3)\">raw</a>\n");
        Document page = site.signedIn(TestServers.VIEWER_TOKEN).page("/models/cards/hostile-model");
        Element card = page.selectFirst("#model-card");
        assertThat(card).isNotNull();
        assertThat(card.select("h2").text()).isEqualTo("Card");
        assertThat(card.select("strong").text()).isEqualTo("Scores");
        assertThat(card.select("a[href=https://example.org/p]").attr("rel")).contains("noopener");
        assertThat(card.select("script, img, [onerror], iframe")).isEmpty();
        assertThat(card.select("a").eachAttr("href")).noneMatch(h -> h.toLowerCase().matches("\\s*(javascript|data):.*"));
        assertThat(card.text()).contains("<img src=x onerror=alert(1)>", "<script>alert(2)</script>");
        assertThat(page.select("#model-card-form")).as("a viewer is not offered the form").isEmpty();
    }

    @Test
    void theModelCardIsEditedOnTheModelPageByWhoMayUpdate() throws Exception {
        site.registry().registerModel(Registration.builder("cards/edited-model").version("1.0.0").build());
        String path = "/models/cards/edited-model";
        WebSession viewer = site.signedIn(TestServers.VIEWER_TOKEN);
        Document viewed = viewer.page(path);
        assertThat(viewed.select("#model-card, #model-card-form")).isEmpty();
        Element csrf = viewed.selectFirst("input[name=csrf]");
        assertThat(viewer.post(path + "/describe", Map.of("csrf", csrf == null ? "" : csrf.val(),
                "description", "vandalised")).statusCode()).isIn(400, 403);
        assertThat(site.registry().getModel("cards/edited-model").description()).isNull();

        WebSession admin = site.signedIn(TestServers.ADMIN_TOKEN);
        Document page = admin.page(path);
        assertThat(admin.post(path + "/describe", Map.of("csrf", "not-the-token", "description", "forged"))
                .statusCode()).as("a post without the session's CSRF token").isIn(400, 403);
        assertThat(site.registry().getModel("cards/edited-model").description()).isNull();
        Document saved = admin.submit(page, "#model-card-form", Map.of("description",
                "# Edited model\r\n\r\nFor *card* payments."));
        assertThat(saved.select("#flash").text()).contains("Saved the model card of cards/edited-model");
        assertThat(saved.select("#model-card h1").text()).isEqualTo("Edited model");
        assertThat(saved.select("#model-card em").text()).isEqualTo("card");
        assertThat(saved.selectFirst("#model-card-text").wholeText()).isEqualTo("# Edited model\n\nFor *card* payments.");
        assertThat(site.registry().getModel("cards/edited-model").description())
                .isEqualTo("# Edited model\n\nFor *card* payments.");
        assertThat(site.registry().audit().query(AuditQuery.all().action("update_model_description")
                .resource("cards/edited-model"))).extracting(e -> e.principal() + " " + e.outcome())
                .containsExactly("viewer DENIED", "admin OK");

        Document removed = admin.submit(saved, "#model-card-form", Map.of("description", ""));
        assertThat(removed.select("#flash").text()).contains("Removed the model card of cards/edited-model");
        assertThat(removed.select("#model-card")).isEmpty();
        assertThat(site.registry().getModel("cards/edited-model").description()).isNull();
    }

    @Test
    void aVersionWithoutADescriptionShowsItsReadmeReadThroughTheAuditedArtifactRead() throws Exception {
        site.registry().registerModel(Registration.builder("cards/readme").version("1.0.0")
                .artifacts(files("readme-1", Map.of("ReadMe.MD", "# From the file\n\n<script>alert(1)</script> "
                        + "[x](javascript:alert(2))\n", "weights.bin", "w", "docs-README.md", "not this one")))
                .build());
        site.registry().registerModel(Registration.builder("cards/readme").version("1.1.0").description("# Set text")
                .artifacts(files("readme-2", Map.of("README.md", "# Not shown\n"))).build());
        site.registry().registerModel(Registration.builder("cards/readme").version("1.2.0")
                .artifacts(files("readme-3", Map.of("README.markdown", "x".repeat(300 * 1024)))).build());
        site.registry().registerModel(Registration.builder("cards/readme").version("1.3.0")
                .artifacts(files("readme-4", Map.of("sub-README.txt", "no readme here"))).build());
        site.registry().registerModel(Registration.builder("cards/readme").version("1.4.0")
                .artifacts(files("readme-5", Map.of("README.md", "---\r\nlicense: apache-2.0\r\ntags:\r\n- fraud\r\n"
                        + "---\r\n# Hub card\r\n\r\nFrom a Hugging Face repository.\r\n"))).build());
        WebSession viewer = site.signedIn(TestServers.VIEWER_TOKEN);

        Document page = viewer.page("/models/cards/readme/versions/1.0.0");
        assertThat(page.select("#readme-source").text()).contains("ReadMe.MD").contains("No description");
        assertThat(page.selectFirst("#readme-source a").attr("href")).contains("/artifacts/ReadMe.MD");
        Element card = page.selectFirst("#readme-card");
        assertThat(card.select("h1").text()).isEqualTo("From the file");
        assertThat(card.select("script")).isEmpty();
        assertThat(card.text()).contains("<script>alert(1)</script>");
        assertThat(card.select("a").eachAttr("href")).noneMatch(h -> h.contains("javascript"));
        assertThat(site.registry().audit().query(AuditQuery.all().action("open_artifact")
                .resource("cards/readme:1.0.0"))).extracting(AuditEntry::principal).contains("viewer");

        Document described = viewer.page("/models/cards/readme/versions/1.1.0");
        assertThat(described.select("#description h1").text()).isEqualTo("Set text");
        assertThat(described.select("#readme, #readme-card")).as("a description wins over the file").isEmpty();

        Document large = viewer.page("/models/cards/readme/versions/1.2.0");
        assertThat(large.select("#readme-card")).isEmpty();
        assertThat(large.select("#readme-note").text()).contains("README.markdown", "256");

        assertThat(viewer.page("/models/cards/readme/versions/1.3.0").select("#readme")).isEmpty();

        Element hub = viewer.page("/models/cards/readme/versions/1.4.0").selectFirst("#readme-card");
        assertThat(hub.select("h1").text()).as("YAML front matter is metadata, not text").isEqualTo("Hub card");
        assertThat(hub.text()).doesNotContain("license", "apache").contains("From a Hugging Face repository.");
        assertThat(hub.select("hr, h2")).isEmpty();
    }

    @Test
    void inABrowserAtBothWidthsTheCardIsEditedAndThePagesPassAxe() throws Exception {
        site.registry().registerModel(Registration.builder("cards/browser").version("1.0.0")
                .artifacts(files("browser", Map.of("README.md",
                        "# Browser readme\n\n- trained on payments\n- `java -jar serve.jar`\n", "weights.bin", "w")))
                .build());
        try (Browser browser = Browser.start(temp)) {
            browser.driver.get(site.base() + "/signin");
            browser.driver.findElement(By.id("token")).sendKeys(TestServers.ADMIN_TOKEN);
            browser.driver.findElement(By.id("signin")).click();
            WebDriverWait wait = new WebDriverWait(browser.driver, Duration.ofSeconds(10));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("principal")));
            List<String> problems = new ArrayList<>();
            for (int width : new int[] {1366, 390}) {
                browser.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width,
                        "height", width < 800 ? 844 : 900, "deviceScaleFactor", 1, "mobile", width < 800));
                browser.driver.get(site.base() + "/models/cards/browser");
                browser.driver.findElement(By.cssSelector("#edit-model-card summary")).click();
                WebElement text = browser.driver.findElement(By.id("model-card-text"));
                text.clear();
                text.sendKeys("## Card at " + width + "\n\nServes **payments**.");
                axe(browser, "model page with the form open at " + width, problems);
                browser.driver.findElement(By.id("save-model-card")).click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#model-card h2"),
                        "Card at " + width));
                assertThat(browser.driver.findElement(By.cssSelector("#model-card strong")).getText())
                        .isEqualTo("payments");
                axe(browser, "model page with its card at " + width, problems);
                browser.screenshot("model-card-" + width);

                browser.driver.get(site.base() + "/models/cards/browser/versions/1.0.0");
                wait.until(ExpectedConditions.presenceOfElementLocated(By.id("readme-card")));
                assertThat(browser.driver.findElement(By.cssSelector("#readme-card h1")).getText())
                        .isEqualTo("Browser readme");
                axe(browser, "version page with its README at " + width, problems);
                long overflow = ((Number) browser.driver.executeScript(
                        "return document.documentElement.scrollWidth - window.innerWidth")).longValue();
                if (overflow > 0) {
                    problems.add("version page at " + width + " px scrolls sideways by " + overflow + " px");
                }
                browser.screenshot("version-readme-" + width);
            }
            assertThat(problems).isEmpty();
        }
        assertThat(site.registry().getModel("cards/browser").description())
                .isEqualTo("## Card at 390\n\nServes **payments**.");
    }

    private static void axe(Browser browser, String where, List<String> problems) {
        Results results = new AxeBuilder().analyze(browser.driver);
        assertThat(results.isErrored()).as("axe ran on the " + where).isFalse();
        for (Rule r : results.getViolations()) {
            if ("serious".equals(r.getImpact()) || "critical".equals(r.getImpact())) {
                problems.add(where + ": " + r.getImpact() + " " + r.getId() + ": " + r.getHelp() + " "
                        + r.getNodes().stream().limit(3).map(n -> n.getHtml()).toList());
            }
        }
    }
}
