package io.jmreg.server;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web UI's main pages at a desktop width (1366 px) and a phone width (390 px), light and dark: axe-core run in the
 * browser finds no violation of serious or critical impact (contrast included), the page never scrolls sideways (wide
 * tables scroll inside their own box), and a screenshot of each lands in {@code target/ui-screenshots}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiResponsiveTest {
    private static final List<String> PAGES = List.of("/models", "/models/fraud%2Fdetector",
            "/models/fraud%2Fdetector/versions/1.2.0", "/audit", "/stats",
            "/compare?a=fraud%2Fdetector%3A1.0.0&b=fraud%2Fdetector%3A1.2.0&metric=evaluation.accuracy");
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
        browser.driver.get(base + "/signin");
        browser.driver.findElement(By.id("token")).sendKeys(TestServers.ADMIN_TOKEN);
        browser.driver.findElement(By.id("signin")).click();
        new WebDriverWait(browser.driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("principal")));
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        servers.closeAll();
    }

    @Test
    void desktopPagesPassAxe() throws Exception {
        checkAll(1366, 900, "light");
    }

    @Test
    void phonePagesPassAxeAndDoNotScrollSideways() throws Exception {
        checkAll(390, 844, "light");
    }

    @Test
    void darkModePagesPassAxeOnAPhone() throws Exception {
        checkAll(390, 844, "dark");
    }

    @Test
    void theHeaderIsReadableAt360Pixels() throws Exception {
        emulate(360, 740, "light");
        browser.driver.get(base + "/models");
        Results results = new AxeBuilder().withRules(List.of("color-contrast")).include("header.top")
                .analyze(browser.driver);
        assertThat(describe(results.getViolations())).isEmpty();
        assertThat(results.getPasses()).as("axe checked the header's contrast").isNotEmpty();
        assertThat(sidewaysOverflow()).isZero();
    }

    private void checkAll(int width, int height, String scheme) throws Exception {
        emulate(width, height, scheme);
        List<String> problems = new ArrayList<>();
        for (String page : PAGES) {
            browser.driver.get(base + page);
            new WebDriverWait(browser.driver, Duration.ofSeconds(10))
                    .until(ExpectedConditions.presenceOfElementLocated(By.tagName("main")));
            screenshot(page, width, height, scheme);
            Results results = new AxeBuilder().analyze(browser.driver);
            assertThat(results.isErrored()).as("axe ran on " + page).isFalse();
            describe(results.getViolations()).forEach(v -> problems.add(page + ": " + v));
            long wrapped = ((Number) browser.driver.executeScript("return [...document.querySelectorAll('time')]"
                    + ".filter(t => t.getClientRects().length > 1 || t.getBoundingClientRect().height > 30).length"))
                    .longValue();
            if (wrapped > 0) {
                problems.add(page + ": " + wrapped + " dates wrap onto more than one line");
            }
            long overflow = sidewaysOverflow();
            if (overflow > 0) {
                problems.add(page + ": the page is " + overflow + " px wider than the " + width + " px screen");
            }
        }
        assertThat(problems).as("at " + width + " px, " + scheme).isEmpty();
    }

    private static List<String> describe(List<Rule> violations) {
        List<String> out = new ArrayList<>();
        for (Rule r : violations) {
            if ("serious".equals(r.getImpact()) || "critical".equals(r.getImpact())) {
                StringBuilder b = new StringBuilder(r.getImpact() + " " + r.getId() + ": " + r.getHelp());
                for (CheckedNode n : r.getNodes().subList(0, Math.min(3, r.getNodes().size()))) {
                    b.append("\n    ").append(n.getHtml()).append(" -- ").append(n.getFailureSummary());
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    private long sidewaysOverflow() {
        // the page itself, or any table sticking out of the screen without a box of its own that scrolls
        return ((Number) browser.driver.executeScript("""
                let worst = document.documentElement.scrollWidth - window.innerWidth;
                for (const t of document.querySelectorAll('table')) {
                  let clipped = false;
                  for (let e = t; e && e !== document.body; e = e.parentElement) {
                    const o = getComputedStyle(e).overflowX;
                    if (o === 'auto' || o === 'scroll') { clipped = e.getBoundingClientRect().right <= window.innerWidth + 1; break; }
                  }
                  if (!clipped) worst = Math.max(worst, Math.ceil(t.getBoundingClientRect().right - window.innerWidth));
                }
                return worst;""")).longValue();
    }

    private void emulate(int width, int height, String scheme) {
        browser.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width,
                "height", height, "deviceScaleFactor", 1, "mobile", width < 800));
        browser.driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    private void screenshot(String page, int width, int height, String scheme) throws Exception {
        String name = page.replaceFirst("\\?.*", "").replaceAll("%2F", "-").replaceAll("[^a-z0-9.-]+", "-")
                .replaceAll("^-|-$", "");
        long full = ((Number) browser.driver.executeScript("return document.documentElement.scrollHeight")).longValue();
        browser.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width,
                "height", (int) Math.min(6000, Math.max(height, full)), "deviceScaleFactor", 1, "mobile", width < 800));
        try {
            Files.createDirectories(Browser.SCREENSHOTS);
            Path shot = browser.driver.getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, Browser.SCREENSHOTS.resolve(name + "-" + width + "-" + scheme + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            browser.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width,
                    "height", height, "deviceScaleFactor", 1, "mobile", width < 800));
        }
    }
}
