package io.jmreg.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.Registration;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the pages say, read as a user would (jsoup): the model list shows what serves, audit details are key: value
 * lines, chart ticks are round numbers, every artifact has a format, links appear only to who may follow them, and
 * lists page forwards and back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiReadabilityTest {
    private UiSite site;

    @BeforeAll
    void start(@TempDir Path temp) throws Exception {
        site = UiSite.start(temp, 55);
    }

    @AfterAll
    void stop() throws Exception {
        site.close();
    }

    private WebSession signedIn(String token) throws Exception {
        return site.signedIn(token);
    }

    @Test
    void theModelListShowsWhatServesNotTheLatestStage() throws Exception {
        Document list = signedIn(TestServers.VIEWER_TOKEN).page("/models?q=name%3Afraud*");
        Element row = list.selectFirst("#models tbody tr:has(a.model:containsOwn(fraud/detector))");
        assertThat(row.selectFirst("td.latest").text()).isEqualTo("1.2.0");
        assertThat(row.selectFirst("td.serving").text()).isEqualTo("1.1.0");
        assertThat(row.selectFirst("td.stage").text()).isEqualTo("production");
        assertThat(list.select("#models thead th").eachText()).contains("Serving", "Stage");
    }

    @Test
    void descriptionsAreMarkdownWithHostileInputInert() throws Exception {
        site.registry().registerModel(Registration.builder("cards/hostile").version("1.0.0")
                .description("## Card\n\n**Trained** on [the data](https://example.org/data).\n\n"
                        + "[click](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n<script>alert(2)</script>\n")
                .build());
        Document page = signedIn(TestServers.VIEWER_TOKEN).page("/models/cards/hostile/versions/1.0.0");
        Element description = page.selectFirst("#description");
        assertThat(description.select("h2").text()).isEqualTo("Card");
        assertThat(description.select("strong").text()).isEqualTo("Trained");
        assertThat(description.select("a[href=https://example.org/data]")).hasSize(1);
        assertThat(description.select("script, img, [onerror]")).isEmpty();
        assertThat(description.select("a").eachAttr("href")).noneMatch(h -> h.toLowerCase().contains("javascript"));
        assertThat(description.text()).contains("<img src=x onerror=alert(1)>", "<script>alert(2)</script>");
    }

    @Test
    void descriptionsAreEditedOnTheVersionPageByWhoMayUpdate() throws Exception {
        site.registry().registerModel(Registration.builder("cards/edited").version("1.0.0")
                .description("old text").build());
        String path = "/models/cards/edited/versions/1.0.0";
        WebSession viewer = signedIn(TestServers.VIEWER_TOKEN);
        Document viewed = viewer.page(path);
        assertThat(viewed.select("#description-form")).isEmpty();
        assertThat(viewer.post(path + "/describe", Map.of("csrf",
                viewed.selectFirst("input[name=csrf]") == null ? "" : viewed.selectFirst("input[name=csrf]").val(),
                "description", "vandalised")).statusCode()).isIn(403, 400);
        assertThat(site.registry().resolve("cards/edited:1.0.0").description()).isEqualTo("old text");

        WebSession admin = signedIn(TestServers.ADMIN_TOKEN);
        Document page = admin.page(path);
        assertThat(page.selectFirst("#description-text").text()).isEqualTo("old text");
        Document saved = admin.submit(page, "#description-form", Map.of("description",
                "## New card\r\n\r\nWith **emphasis** and <script>alert(1)</script>"));
        assertThat(saved.select("#flash").text()).contains("Saved the description of cards/edited:1.0.0");
        assertThat(saved.select("#description h2").text()).isEqualTo("New card");
        assertThat(saved.select("#description strong").text()).isEqualTo("emphasis");
        assertThat(saved.select("#description script")).isEmpty();
        assertThat(site.registry().resolve("cards/edited:1.0.0").description())
                .isEqualTo("## New card\n\nWith **emphasis** and <script>alert(1)</script>");
    }

    @Test
    void namespacedModelsHavePlainPaths() throws Exception {
        WebSession s = signedIn(TestServers.ADMIN_TOKEN);
        Document list = s.page("/models?q=name%3Afraud*");
        assertThat(list.selectFirst("#models a.model:containsOwn(fraud/detector)").attr("href"))
                .isEqualTo("/models/fraud/detector");
        Document model = s.page("/models/fraud/detector");
        assertThat(model.selectFirst("h1.model-name").text()).isEqualTo("fraud/detector");
        assertThat(model.select("#versions a.version").eachAttr("href"))
                .contains("/models/fraud/detector/versions/1.2.0");
        Document version = s.page("/models/fraud/detector/versions/1.2.0");
        assertThat(version.select("#artifacts a.download").eachAttr("href"))
                .allSatisfy(h -> assertThat(h).startsWith("/api/v1/models/fraud/detector/versions/1.2.0/artifacts/"));
        assertThat(s.bytes(version.selectFirst("#artifacts a.download").attr("href")).statusCode()).isEqualTo(200);
        assertThat(s.page("/models/fraud%2Fdetector/versions/1.2.0").selectFirst("h1").text())
                .as("the encoded form still works").isEqualTo(version.selectFirst("h1").text());
        // a form posting to the plain path (set an alias on the model, then remove it)
        s.submit(model, "#alias-form", Map.of("alias", "plain-path", "version", "1.0.0"));
        assertThat(site.registry().aliases("fraud/detector")).containsEntry("plain-path", "1.0.0");
        assertThat(s.get("/models/fraud/detector/nothing/here").statusCode()).isEqualTo(404);
        site.registry().removeAlias("fraud/detector", "plain-path");
    }

    @Test
    void auditDetailsAreKeyValueLinesNotAMapsToString() throws Exception {
        Document audit = signedIn(TestServers.ADMIN_TOKEN).page("/audit");
        List<Element> details = audit.select("#audit-entries td.details");
        assertThat(details).isNotEmpty();
        assertThat(details).noneMatch(d -> d.text().startsWith("{"));
        assertThat(audit.select("#audit-entries td.details .kv")).isNotEmpty()
                .allSatisfy(kv -> assertThat(kv.text()).matches("[^:]+: .*"));
        assertThat(audit.select("#audit-entries time")).isNotEmpty().allSatisfy(t -> assertThat(t.hasClass("when")).isTrue());
    }

    @Test
    void chartTicksAreRoundNumbers() throws Exception {
        Document model = signedIn(TestServers.VIEWER_TOKEN).page("/models/fraud%2Fdetector?metric=evaluation.accuracy");
        List<BigDecimal> ticks = model.select("#metric-chart text.tick").eachText().stream().map(BigDecimal::new).toList();
        assertThat(ticks).hasSizeGreaterThanOrEqualTo(3);
        BigDecimal step = ticks.get(0).subtract(ticks.get(1)).abs();
        for (int i = 1; i < ticks.size(); i++) {
            assertThat(ticks.get(i - 1).subtract(ticks.get(i)).abs()).isEqualByComparingTo(step);
        }
        assertThat(step.unscaledValue().toString().replaceAll("0+$", "")).as("step " + step).isIn("1", "2", "25", "5");
        for (BigDecimal t : ticks) {
            assertThat(t.remainder(step).signum()).as(t + " is a multiple of " + step).isZero();
        }
        // the data (0.81 to 0.93) lies within the ticks
        assertThat(ticks.stream().max(BigDecimal::compareTo).orElseThrow()).isGreaterThanOrEqualTo(new BigDecimal("0.93"));
        assertThat(ticks.stream().min(BigDecimal::compareTo).orElseThrow()).isLessThanOrEqualTo(new BigDecimal("0.81"));
    }

    @Test
    void everyArtifactShowsItsFormat() throws Exception {
        Document version = signedIn(TestServers.VIEWER_TOKEN).page("/models/fraud%2Fdetector/versions/1.1.0");
        List<Element> rows = version.select("#artifacts tbody tr");
        assertThat(rows).hasSize(3);
        assertThat(rows).allSatisfy(r -> assertThat(r.selectFirst("td.format").text()).isNotBlank());
        Element json = rows.stream().filter(r -> r.text().contains("config.json")).findFirst().orElseThrow();
        assertThat(json.selectFirst("td.format").text()).containsIgnoringCase("json");
    }

    @Test
    void aViewerIsNotOfferedTheAuditLinkAndEveryOfferedLinkOpens() throws Exception {
        WebSession viewer = signedIn(TestServers.VIEWER_TOKEN);
        Document models = viewer.page("/models");
        List<String> nav = models.select("header nav a").eachAttr("href");
        assertThat(nav).doesNotContain("/audit").contains("/models");
        for (String href : nav) {
            assertThat(viewer.get(href).statusCode()).as(href).isEqualTo(200);
        }
        Document version = viewer.page("/models/fraud%2Fdetector/versions/1.1.0");
        assertThat(version.select("a[href^=/audit]")).isEmpty();
        Document admins = signedIn(TestServers.ADMIN_TOKEN).page("/models");
        assertThat(admins.select("header nav a").eachAttr("href")).contains("/audit");
    }

    @Test
    void theModelListPagesForwardAndBack() throws Exception {
        WebSession s = signedIn(TestServers.VIEWER_TOKEN);
        Document first = s.page("/models?sort=name");
        assertThat(first.select("a[rel=prev]")).isEmpty();
        List<String> firstNames = first.select("#models a.model").eachText();
        Document second = s.page(first.selectFirst("a[rel=next]").attr("href"));
        List<String> secondNames = second.select("#models a.model").eachText();
        assertThat(secondNames).isNotEmpty().doesNotContainAnyElementsOf(firstNames);
        Document back = s.page(second.selectFirst("a[rel=prev]").attr("href"));
        assertThat(back.select("#models a.model").eachText()).isEqualTo(firstNames);
        assertThat(back.select("a[rel=prev]")).isEmpty();
    }
}
