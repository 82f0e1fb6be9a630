package io.jmreg.server;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web UI in a real browser (Debian's Chromium through Selenium): searching down to a download whose digest is
 * checked, a promotion refused by a gate and then made, a viewer's refused action, a comparison. Screenshots of
 * every page land in {@code target/ui-screenshots}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiBrowserTest {
    private final TestServers servers = new TestServers();
    private TestServers.Running run;
    private Browser browser;
    private String base;

    @BeforeAll
    void start(@TempDir Path temp) throws Exception {
        browser = Browser.start(temp);
        run = servers.start(temp);
        new UiFixture().populate(run.registry(), temp, 3);
        base = run.server().uri();
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        servers.closeAll();
    }

    private void signIn(String token) throws Exception {
        browser.driver.manage().deleteAllCookies();
        browser.driver.get(base + "/models");
        assertThat(browser.driver.getCurrentUrl()).contains("/signin?next=");
        browser.screenshot("signin");
        browser.driver.findElement(By.id("token")).sendKeys(token);
        browser.driver.findElement(By.id("signin")).click();
        try {
            waitFor(By.id("principal"));
        } catch (RuntimeException e) {
            throw new AssertionError("sign-in did not arrive: " + browser.driver.getCurrentUrl() + "\n"
                    + browser.driver.getPageSource(), e);
        }
    }

    private WebElement waitFor(By by) {
        return new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(by));
    }

    private WebElement find(String css) {
        return browser.driver.findElement(By.cssSelector(css));
    }

    @Test
    void searchThenModelThenVersionThenDownloadWithItsDigest() throws Exception {
        signIn(TestServers.VIEWER_TOKEN);
        browser.screenshot("models");
        find("#q").sendKeys("owner:risk-team AND metrics.accuracy:>0.9");
        find("form.search button[type=submit]").click();
        waitFor(By.linkText("fraud/detector"));
        assertThat(find("#count").getText()).isEqualTo("1 model");
        browser.screenshot("models-search");
        browser.driver.findElement(By.linkText("fraud/detector")).click();
        waitFor(By.id("metric-chart"));
        assertThat(find("h1").getText()).isEqualTo("fraud/detector");
        browser.screenshot("model");
        browser.driver.findElement(By.linkText("1.2.0")).click();
        waitFor(By.id("artifacts"));
        assertThat(find("#description").getText()).isEqualTo(UiFixture.HOSTILE); // shown as text, not run
        browser.screenshot("version");
        WebElement row = browser.driver.findElements(By.cssSelector("#artifacts tbody tr")).stream()
                .filter(r -> r.findElement(By.cssSelector("td code")).getText().equals("model.safetensors"))
                .findFirst().orElseThrow();
        String expected = row.findElement(By.cssSelector("code.digest")).getAttribute("data-sha256");
        row.findElement(By.cssSelector("a.download")).click();
        Path file = browser.downloaded("model.safetensors", Duration.ofSeconds(20));
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))))
                .isEqualTo(expected);
        assertThat(Files.size(file)).isEqualTo(96 * 1024 + 2);
    }

    @Test
    void anEngineerSeesTheFailingGateThenPromotes() throws Exception {
        signIn(TestServers.BOB_TOKEN);
        browser.driver.get(base + "/models/fraud%2Fdetector/versions/1.2.0");
        new Select(find("#promote-stage")).selectByVisibleText("testing");
        find("#promote-gates").sendKeys("evaluation.accuracy >= 0.99");
        find("#promote").click();
        WebElement flash = waitFor(By.cssSelector("#flash.refused"));
        assertThat(flash.findElement(By.cssSelector("td.actual")).getText()).isEqualTo("0.93");
        assertThat(flash.getText()).contains("evaluation.accuracy >= 0.99");
        assertThat(find("#stage").getText()).isEqualTo("development");
        browser.screenshot("promote-gate-failed");

        new Select(find("#promote-stage")).selectByVisibleText("testing");
        find("#promote-gates").clear();
        find("#promote-gates").sendKeys("evaluation.accuracy >= 0.9");
        find("#promote").click();
        waitFor(By.cssSelector("#flash.ok"));
        assertThat(find("#stage").getText()).isEqualTo("testing");
        assertThat(find("#stage-history").getText()).contains("evaluation.accuracy >= 0.9");
        browser.screenshot("promote-done");
        assertThat(run.registry().resolve("fraud/detector:1.2.0").stage()).isEqualTo("testing");
    }

    @Test
    void removingAnAliasInTheBrowserAsksFirst() throws Exception {
        signIn(TestServers.BOB_TOKEN);
        browser.driver.get(base + "/models/fraud%2Fdetector");
        assertThat(new Select(find("#alias-version")).getAllSelectedOptions()).hasSize(1);
        browser.driver.findElement(By.cssSelector("#aliases li:has(.badge) form button")).click();
        WebElement confirm = waitFor(By.id("confirm"));
        String alias = confirm.findElement(By.cssSelector("input[name=alias]")).getDomAttribute("value");
        assertThat(confirm.getText()).contains("Remove the alias " + alias);
        assertThat(run.registry().aliases("fraud/detector")).containsKey(alias);
        browser.screenshot("confirm-alias-removal");
        find("#confirm a.cancel").click();
        waitFor(By.id("aliases"));
        assertThat(run.registry().aliases("fraud/detector")).containsKey(alias);
        browser.driver.findElement(By.cssSelector("#aliases li:has(.badge) form button")).click();
        waitFor(By.id("confirm-yes")).click();
        waitFor(By.cssSelector("#flash.ok"));
        assertThat(run.registry().aliases("fraud/detector")).doesNotContainKey(alias);
    }

    @Test
    void thePromoteFormStartsOnNoStageInTheBrowser() throws Exception {
        signIn(TestServers.BOB_TOKEN);
        browser.driver.get(base + "/models/fraud%2Fdetector/versions/1.0.0");
        assertThat(new Select(find("#promote-stage")).getFirstSelectedOption().getDomAttribute("value")).isEmpty();
        find("#promote").click(); // the browser refuses the required, unchosen stage
        assertThat((Boolean) browser.driver.executeScript("return document.querySelector('#promote-stage')"
                + ".validity.valueMissing")).isTrue();
        assertThat(browser.driver.findElements(By.id("flash"))).isEmpty();
        assertThat(run.registry().resolve("fraud/detector:1.0.0").stage()).isEqualTo("development");
    }

    @Test
    void aViewersActionIsRefusedWithAClearPage() throws Exception {
        signIn(TestServers.VIEWER_TOKEN);
        browser.driver.get(base + "/models/fraud%2Fdetector/versions/1.1.0");
        assertThat(browser.driver.findElements(By.id("promote-form"))).isEmpty();
        assertThat(browser.driver.findElements(By.cssSelector("button.rollback"))).isEmpty();
        // the viewer sends a rollback anyway (a form kept from another page, as a stale tab would): the session's
        // CSRF token is right, the permission is not
        browser.driver.executeScript("const f = document.createElement('form'); f.method = 'post';"
                + "f.action = '/models/fraud%2Fdetector/rollback';"
                + "for (const [k, v] of [['csrf', document.querySelector('input[name=csrf]').value],"
                + "  ['environment', 'production']]) {"
                + "  const i = document.createElement('input'); i.type = 'hidden'; i.name = k; i.value = v; f.append(i); }"
                + "document.body.append(f); f.submit();");
        WebElement error = waitFor(By.id("error"));
        assertThat(error.findElement(By.tagName("h1")).getText()).isEqualTo("403 · Not allowed");
        assertThat(error.getText()).contains("'viewer'", "models:deploy");
        browser.screenshot("denied");
        assertThat(run.registry().lifecycle().deployments("fraud/detector").get("production").splits()).hasSize(2);
    }

    @Test
    void twoVersionsCompareIntoAPrintableReport() throws Exception {
        signIn(TestServers.ALICE_TOKEN);
        browser.driver.get(base + "/models/fraud%2Fdetector");
        new Select(find("#cmp-a")).selectByVisibleText("1.0.0");
        new Select(find("#cmp-b")).selectByVisibleText("1.2.0");
        find("#versions form.inline button").click();
        waitFor(By.id("report"));
        assertThat(find("h1").getText()).isEqualTo("Evaluation report");
        assertThat(browser.driver.findElements(By.id("winner"))).isEmpty(); // no metric chosen yet
        new Select(find("#chart-metric")).selectByVisibleText("evaluation.latency_ms"); // submits itself (script)
        WebElement winner = waitFor(By.id("winner"));
        assertThat(winner.getText()).isEqualTo("Winner on evaluation.latency_ms: fraud/detector:1.0.0");
        new Select(find("#higher")).selectByVisibleText("lower");
        find("form.search button[type=submit]").click();
        new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(ExpectedConditions.textToBe(By.id("winner"),
                "Winner on evaluation.latency_ms: fraud/detector:1.2.0"));
        assertThat(find("#print").isDisplayed()).isTrue(); // the script revealed it
        assertThat(find("#metric-deltas").getText()).contains("+0.12", "-10");
        browser.screenshot("compare");

        browser.driver.get(base + "/stats");
        waitFor(By.id("totals"));
        browser.screenshot("stats");
        browser.driver.get(base + "/models?q=owner%3Arisk+AND+%28");
        assertThat(find("#query-problem").getText()).contains("^ position 16");
        browser.screenshot("models-query-error");
    }

    @Test
    void theAuditPageVerifiesInTheBrowser() throws Exception {
        signIn(TestServers.ADMIN_TOKEN);
        browser.driver.get(base + "/audit");
        find("#verify").click();
        WebElement status = waitFor(By.id("verify-status"));
        assertThat(status.getAttribute("class")).contains("ok");
        assertThat(status.getText()).startsWith("Verified.");
        browser.screenshot("audit");
    }
}
