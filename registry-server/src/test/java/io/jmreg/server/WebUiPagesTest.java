package io.jmreg.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jmreg.api.model.ModelVersion;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Every page of the web UI at the HTML level (jsoup): content, links, escaping, sessions, CSRF and actions. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiPagesTest {
    private static final String MODEL_PAGE = "/models/fraud%2Fdetector";
    private static final String V110 = MODEL_PAGE + "/versions/1.1.0";
    private static final String V120 = MODEL_PAGE + "/versions/1.2.0";
    private final TestServers servers = new TestServers();
    private final UiFixture fixture = new UiFixture();
    private TestServers.Running run;
    private String base;

    @BeforeAll
    void start(@TempDir Path temp) throws Exception {
        run = servers.start(temp);
        fixture.populate(run.registry(), temp, 55);
        base = run.server().uri();
    }

    @AfterAll
    void stop() throws Exception {
        servers.closeAll();
    }

    private WebSession signedIn(String token) throws Exception {
        WebSession s = new WebSession(base);
        assertThat(s.signIn(token).statusCode()).isEqualTo(303);
        return s;
    }

    @Test
    void signInSetsAStrictHttpOnlySessionAndEveryPageNeedsIt() throws Exception {
        WebSession s = new WebSession(base);
        HttpResponse<String> anonymous = s.get(MODEL_PAGE + "?metric=evaluation.accuracy");
        assertThat(anonymous.statusCode()).isEqualTo(303);
        assertThat(anonymous.headers().firstValue("Location")).contains(
                "/signin?next=%2Fmodels%2Ffraud%252Fdetector%3Fmetric%3Devaluation.accuracy");
        HttpResponse<String> form = s.get("/signin");
        assertThat(form.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
                .startsWith("jmreg_signin=").contains("HttpOnly", "SameSite=Strict"));
        String csrf = s.parse(form).selectFirst("input[name=csrf]").val();

        HttpResponse<String> forged = s.post("/signin", Map.of("csrf", "forged", "token", TestServers.ALICE_TOKEN));
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(s.parse(forged).select("#signin-problem").text()).contains("expired or came from another site");
        assertThat(s.parse(forged).selectFirst("input[name=csrf]").val()).isEqualTo(csrf); // one per browser
        HttpResponse<String> wrong = s.post("/signin", Map.of("csrf", csrf, "token", "jmr_not-a-token"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("jmreg_session="));
        assertThat(s.parse(wrong).select("#signin-problem").text()).isEqualTo("That token is not valid.");

        csrf = s.parse(wrong).selectFirst("input[name=csrf]").val();
        HttpResponse<String> ok = s.post("/signin", Map.of("csrf", csrf, "token", TestServers.ALICE_TOKEN,
                "next", "//evil.example/steal"));
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(ok.headers().firstValue("Location")).contains("/models"); // never to another site
        assertThat(ok.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
                .startsWith("jmreg_session=").contains("HttpOnly", "SameSite=Strict", "Path=/"));
        assertThat(s.page("/models").select("#principal").text()).isEqualTo("alice");

        // the session cookie authenticates reads of the API (download links), never changes
        assertThat(s.get("/api/v1/models").statusCode()).isEqualTo(200);
        assertThat(s.post("/api/v1/models/fraud%2Fdetector/versions", Map.of()).statusCode()).isEqualTo(401);

        Document models = s.page("/models");
        HttpResponse<String> out = s.post("/signout", Map.of("csrf", models.selectFirst("input[name=csrf]").val()));
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(s.get("/models").statusCode()).isEqualTo(303);
        assertThat(s.get("/api/v1/models").statusCode()).isEqualTo(401);
    }

    @Test
    void modelListShowsBadgesPagesAndQueryErrorsWithTheirPosition() throws Exception {
        WebSession s = signedIn(TestServers.VIEWER_TOKEN);
        Document list = s.page("/models");
        assertThat(list.select("#count").text()).isEqualTo("57 models");
        assertThat(list.select("#models tbody tr")).hasSize(50);
        Document second = s.page(list.selectFirst("#next-page").attr("href"));
        assertThat(second.select("#models tbody tr")).hasSize(7);
        assertThat(second.select("#next-page")).isEmpty();
        assertThat(second.select("a[rel=first]")).hasSize(1);
        Element fraud = second.select("#models tbody tr").stream()
                .filter(r -> r.select("a.model").text().equals("fraud/detector")).findFirst().orElseThrow();
        assertThat(fraud.selectFirst("a.model").attr("href")).isEqualTo("/models/fraud/detector");
        assertThat(fraud.select("td").get(1).text()).isEqualTo("1.2.0");
        // the stage of what serves (production alias 1.1.0), not the latest version's (WebUiReadabilityTest)
        assertThat(fraud.select(".badge.stage").text()).isEqualTo(run.registry().resolve("fraud/detector:1.1.0").stage());
        assertThat(fraud.select(".badge.alias").eachText()).contains("champion 1.1.0", "challenger 1.2.0",
                "production 1.1.0");
        assertThat(fraud.select("td").get(5).text()).isEqualTo("3");
        assertThat(fraud.select("td").get(6).text()).isEqualTo("risk-team");
        assertThat(fraud.select("time").attr("datetime")).isNotEmpty();

        Document owned = s.page("/models?q=owner%3Arisk-team");
        assertThat(owned.select("#models a.model").eachText()).containsExactly("fraud/detector");
        assertThat(owned.selectFirst("#q").val()).isEqualTo("owner:risk-team");

        Document sorted = s.page("/models?q=name%3Abulk%2F*&sort=metrics.accuracy%3Adesc");
        assertThat(sorted.select("#models a.model").eachText()).startsWith("bulk/m-054", "bulk/m-053");

        Document bad = s.page("/models?q=owner%3Arisk+AND+%28");
        assertThat(bad.select("#models tbody tr")).isEmpty();
        assertThat(bad.select("#query-problem p").text()).startsWith("The query is not valid:");
        String caret = bad.select("#query-problem pre").text();
        assertThat(caret).contains("owner:risk AND (").contains("^ position 16");
        Document badSort = s.page("/models?sort=nme");
        assertThat(badSort.select("#query-problem p").text()).contains("The sort is not valid", "did you mean 'name'");
    }

    @Test
    void modelPageShowsVersionsDeploymentsAliasHistoryAndAChart() throws Exception {
        WebSession viewer = signedIn(TestServers.VIEWER_TOKEN);
        Document page = viewer.page(MODEL_PAGE);
        assertThat(page.select("h1").text()).isEqualTo("fraud/detector");
        assertThat(page.select("#versions tbody a.version").eachText()).containsExactly("1.2.0", "1.1.0", "1.0.0");
        assertThat(page.select("#versions thead th").eachText()).contains("evaluation.accuracy", "evaluation.latency_ms");
        Element v110 = page.select("#versions tbody tr").get(1);
        assertThat(v110.select(".badge.stage").text()).isEqualTo("production");
        assertThat(v110.select(".badge.alias").eachText()).containsExactly("champion", "production"); // deploy moves it
        assertThat(v110.select(".badge.env").text()).isEqualTo("production 90 %");
        assertThat(v110.text()).contains("0.86");

        Element production = page.selectFirst("#deployments tbody tr:has(td:containsOwn(production))");
        assertThat(production.select(".split-entry").eachText()).containsExactly("1.1.0 90 %", "1.2.0 10 %");
        assertThat(production.select("svg.split rect")).hasSize(2);
        assertThat(production.text()).contains("https://fraud.example/v1", "bob");

        assertThat(page.select("#alias-history li")).hasSizeGreaterThanOrEqualTo(4);
        assertThat(page.select("#alias-history").text()).contains("moved 1.0.0 → 1.1.0", "set to 1.2.0", "by bob");

        assertThat(page.select("#metric-chart circle.point")).hasSize(3);
        assertThat(page.select("#metric option[selected]").text()).isEqualTo("evaluation.accuracy");
        Document latency = viewer.page(MODEL_PAGE + "?metric=evaluation.latency_ms");
        assertThat(latency.select("#metric option[selected]").text()).isEqualTo("evaluation.latency_ms");
        assertThat(latency.select("#metric-chart circle title").eachText()).containsExactly("1.0.0: 40", "1.1.0: 35",
                "1.2.0: 30");

        // forms only for those allowed: the viewer gets none, the ML engineer deploys and rolls back
        assertThat(page.select("#deploy-form, button.rollback, #alias-form")).isEmpty();
        Document engineer = signedIn(TestServers.BOB_TOKEN).page(MODEL_PAGE);
        assertThat(engineer.select("#deploy-form")).hasSize(1);
        assertThat(engineer.select("#deployments tr:has(td:containsOwn(production)) button.rollback")).hasSize(1);
        assertThat(engineer.select("#alias-form")).hasSize(1);
    }

    @Test
    void versionPageShowsTheWholeRecordEscaped() throws Exception {
        WebSession s = signedIn(TestServers.ADMIN_TOKEN);
        Document page = s.page(V120);
        assertThat(page.select("#description").text()).isEqualTo(UiFixture.HOSTILE);
        assertThat(page.select("#description b")).isEmpty();
        assertThat(page.select("script")).hasSize(1);
        assertThat(page.selectFirst("script").attr("src")).isEqualTo("/static/ui.js");
        assertThat(page.select("#custom dd").text()).isEqualTo(UiFixture.HOSTILE);
        assertThat(page.html()).doesNotContain("<script>alert");
        assertThat(page.title()).isEqualTo("fraud/detector:1.2.0 · jmreg");

        assertThat(page.select("#record-facts").text()).contains("Owner risk-team", "Type classification", "by alice",
                "Tags fraud team:risk");
        assertThat(page.select("#model-info dt").eachText()).containsExactly("Base model", "Framework"); // no blanks
        assertThat(page.select("#model-info").text()).contains("pytorch", "xgb-base");
        assertThat(page.select("#training-info").text()).isEqualTo("Epochs 12");
        assertThat(page.select("#datasets tbody tr").eachText()).contains("transactions 2026-03", "chargebacks v2");
        assertThat(page.select("#parameters").text()).contains("depth 8", "eta 0.1");
        assertThat(page.select("#metrics").text()).contains("evaluation.accuracy 0.93");
        assertThat(page.select("#quality-gates").text()).contains("bias_review passed 0.97");

        ModelVersion v = run.registry().resolve("fraud/detector:1.2.0");
        assertThat(page.select("#artifacts tbody tr")).hasSize(v.artifacts().files().size());
        for (var f : v.artifacts().files()) {
            Element row = page.select("#artifacts tbody tr").stream()
                    .filter(r -> r.select("td code").first().text().equals(f.path())).findFirst().orElseThrow();
            assertThat(row.select("code.digest").attr("title")).isEqualTo(f.sha256());
            assertThat(row.select("a.download").attr("href")).startsWith("/api/v1/models/fraud/detector/versions/1.2.0/artifacts/");
        }
        assertThat(s.page(V110).select("#artifacts .badge.unsafe")).hasSize(1);

        assertThat(page.select("#lineage-picture a[href=/models/fraud/detector/versions/1.1.0]")).hasSize(1);
        assertThat(page.select("#lineage-picture g.node.root text").first().text()).isEqualTo("fraud/detector:1.2.0");
        assertThat(page.select("#lineage-picture g.node.dataset")).isNotEmpty();
        assertThat(page.select("#lineage-picture line.edge")).isNotEmpty();
        assertThat(page.select("#audit tbody").text()).contains("alice", "register");

        Document v110 = s.page(V110);
        assertThat(v110.select("#stage-history tbody tr")).hasSize(3);
        assertThat(v110.select("#stage-history").text()).contains("evaluation.accuracy >= 0.85", "0.86", "bob");
        Document then = s.page(V110 + "?asof=" + fixture.afterTesting);
        assertThat(then.select("#as-of-state").text()).contains("Stage testing");
        assertThat(then.select("#as-of-state").text()).doesNotContain("champion");
        Document now = s.page(V110 + "?asof=" + Instant.now());
        assertThat(now.select("#as-of-state").text()).contains("Stage production", "champion", "production 90 %");
        assertThat(s.page(V110 + "?asof=yesterday").select("#as-of .problem").text())
                .contains("'yesterday' is not a date and time");

        // a principal without registry:audit sees the version, not its audit trail
        Document developer = signedIn(TestServers.ALICE_TOKEN).page(V120);
        assertThat(developer.select("#audit").text()).contains("does not include registry:audit");
    }

    @Test
    void everyLinkOfEveryPageAnswersAndDownloadsMatchTheirDigests() throws Exception {
        WebSession s = signedIn(TestServers.ADMIN_TOKEN);
        List<String> pages = List.of("/models", MODEL_PAGE, V110, V120, "/compare?a=fraud%2Fdetector%3A1.0.0&b="
                + "fraud%2Fdetector%3A1.2.0&metric=evaluation.accuracy", "/audit", "/stats");
        Set<String> links = new LinkedHashSet<>();
        for (String p : pages) {
            Document d = s.page(p);
            d.select("a[href]").forEach(a -> {
                String href = a.attr("href");
                assertThat(href).as("link on %s", p).startsWith("/");
                links.add(href);
            });
            d.select("link[href], script[src]").forEach(e -> links.add(e.hasAttr("src") ? e.attr("src") : e.attr("href")));
        }
        assertThat(links).hasSizeGreaterThan(20);
        for (String href : links) {
            assertThat(s.get(href).statusCode()).as(href).isEqualTo(200);
        }
        Document page = s.page(V110);
        int checked = 0;
        for (Element row : page.select("#artifacts tbody tr")) {
            HttpResponse<byte[]> file = s.bytes(row.selectFirst("a.download").attr("href"));
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.headers().firstValue("Content-Disposition")).get().asString().startsWith("attachment;");
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file.body())))
                    .isEqualTo(row.selectFirst("code.digest").attr("data-sha256"));
            checked++;
        }
        assertThat(checked).isEqualTo(3);

        // "Download all as zip": the archive route through the session cookie, every entry matching its digest
        HttpResponse<byte[]> zip = s.bytes(page.selectFirst("#artifacts a.archive[href$=format=zip]").attr("href"));
        assertThat(zip.statusCode()).isEqualTo(200);
        Map<String, String> digests = new TreeMap<>();
        try (var in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                digests.put(e.getName(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(in.readAllBytes())));
            }
        }
        Map<String, String> shown = new TreeMap<>();
        page.select("#artifacts tbody tr").forEach(row -> shown.put(row.selectFirst("td code").text(),
                row.selectFirst("code.digest").attr("data-sha256")));
        assertThat(digests).isEqualTo(shown);
        assertThat(page.select("#artifacts a.archive[href$=format=tar]")).hasSize(1);
    }

    @Test
    void comparePageIsAnEvaluationReport() throws Exception {
        WebSession s = signedIn(TestServers.VIEWER_TOKEN);
        Document report = s.page("/compare?a=fraud%2Fdetector%3A1.0.0&b=fraud%2Fdetector%3A1.2.0"
                + "&metric=evaluation.accuracy");
        assertThat(report.select("h1").text()).isEqualTo("Evaluation report");
        assertThat(report.select("#winner").text()).isEqualTo("Winner on evaluation.accuracy: fraud/detector:1.2.0");
        Element accuracy = report.select("#metric-deltas tbody tr").stream()
                .filter(r -> r.child(0).text().equals("evaluation.accuracy")).findFirst().orElseThrow();
        assertThat(accuracy.select("td").eachText()).containsExactly("evaluation.accuracy", "0.81", "0.93", "+0.12",
                "+14.8 %");
        assertThat(accuracy.hasClass("chosen")).isTrue();
        assertThat(report.select("#side-by-side tbody tr").eachText()).contains(
                "Version fraud/detector:1.0.0 fraud/detector:1.2.0", "Base model xgb-base xgb-base");
        assertThat(report.select("#side-by-side").text()).contains(UiFixture.HOSTILE); // B's description, as text
        assertThat(report.select("#side-by-side b")).isEmpty();
        assertThat(report.select("#parameter-changes").text()).contains("depth 6 8");
        assertThat(report.select("#dataset-changes").text()).contains("chargebacks");
        assertThat(report.select("#file-changes .changed").text()).contains("model.safetensors", "config.json");
        assertThat(report.select("#metric-chart circle.chosen")).hasSize(2);
        assertThat(report.select("#metric-chart circle.point")).hasSize(3);

        Document lower = s.page("/compare?a=fraud%2Fdetector%3A1.0.0&b=fraud%2Fdetector%3A1.2.0"
                + "&metric=evaluation.latency_ms&higher=false");
        assertThat(lower.select("#winner").text()).contains("fraud/detector:1.2.0");
        Document missing = s.page("/compare?a=fraud%2Fdetector%3A9.9.9&b=fraud%2Fdetector%3A1.2.0");
        assertThat(missing.select("#compare-problem").text()).contains("9.9.9");
        assertThat(missing.select("#report")).isEmpty();
    }

    @Test
    void auditPageVerifiesTheTrailAndNeedsTheAuditPermission() throws Exception {
        WebSession admin = signedIn(TestServers.ADMIN_TOKEN);
        Document verified = admin.page("/audit?verify=1");
        assertThat(verified.select("#verify-status").hasClass("ok")).isTrue();
        assertThat(verified.select("#verify-status").text()).startsWith("Verified.");
        List<Long> seqs = verified.select("#audit-entries tbody tr td:eq(0)").eachText().stream().map(Long::parseLong)
                .toList();
        assertThat(seqs).isSortedAccordingTo(Comparator.reverseOrder()).endsWith(1L); // newest first
        assertThat(verified.select(".count").text()).isEqualTo(seqs.size() + " entries match.");
        Document bobs = admin.page("/audit?principal=bob");
        assertThat(bobs.select(".count").text()).isEqualTo(bobs.select("#audit-entries tbody tr").size() + " entries match.");
        assertThat(bobs.select("#audit-entries tbody tr")).isNotEmpty();
        assertThat(bobs.select("#audit-entries tbody tr td:eq(2)").eachText()).containsOnly("bob");
        assertThat(bobs.select("#audit-entries").text()).contains("promote", "deploy");
        assertThat(admin.page("/audit?principal=bob&to=2020-01-01T00:00").select("#audit-entries tbody tr")).isEmpty();
        assertThat(admin.page("/audit?from=someday").select(".problem").text()).contains("someday");

        HttpResponse<String> denied = signedIn(TestServers.ALICE_TOKEN).get("/audit");
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(new WebSession(base).parse(denied).select("#error").text()).contains("403", "'alice'",
                "whose roles do not grant registry:audit");
    }

    @Test
    void statisticsPageCountsTheRegistry() throws Exception {
        Document stats = signedIn(TestServers.VIEWER_TOKEN).page("/stats?period=month");
        assertThat(stats.select("#totals").text()).contains("57 models", "59 versions");
        assertThat(stats.select("#by-stage").text()).contains("production 1");
        assertThat(stats.select("#period option[selected]").text()).isEqualTo("month");
        assertThat(stats.select("#registrations tbody tr")).isNotEmpty();
    }

    @Test
    void actionsCheckCsrfPermissionsAndShowFailingGates() throws Exception {
        WebSession bob = signedIn(TestServers.BOB_TOKEN);
        Document page = bob.page(V120);
        assertThat(page.select("#promote-stage option").eachText()).contains("testing", "deprecated");

        Document refused = bob.submit(page, "#promote-form", Map.of("stage", "testing",
                "gates", "evaluation.accuracy >= 0.99\nevaluation.latency_ms <= 50"));
        assertThat(refused.select("#flash").hasClass("refused")).isTrue();
        assertThat(refused.select("#flash table.gates tbody tr")).hasSize(1);
        assertThat(refused.select("#flash table.gates td.actual").text()).isEqualTo("0.93");
        assertThat(refused.select("#flash code").text()).isEqualTo("evaluation.accuracy >= 0.99");
        assertThat(refused.select("#stage").text()).isEqualTo("development");
        assertThat(bob.page(V120).select("#flash")).isEmpty(); // shown once

        Document promoted = bob.submit(refused, "#promote-form", Map.of("stage", "testing",
                "gates", "evaluation.accuracy >= 0.9"));
        assertThat(promoted.select("#flash").hasClass("ok")).isTrue();
        assertThat(promoted.select("#flash").text()).isEqualTo("Promoted fraud/detector:1.2.0 to testing.");
        assertThat(promoted.select("#stage").text()).isEqualTo("testing");
        assertThat(run.registry().resolve("fraud/detector:1.2.0").stage()).isEqualTo("testing");

        HttpResponse<String> forged = bob.post(V120 + "/promote", Map.of("stage", "staging", "csrf", "forged"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(bob.parse(forged).select("#error").text()).contains("CSRF");
        assertThat(run.registry().resolve("fraud/detector:1.2.0").stage()).isEqualTo("testing");

        Document aliased = bob.submit(bob.page(MODEL_PAGE), "#alias-form", Map.of("alias", "candidate",
                "version", "1.2.0"));
        assertThat(aliased.select("#flash").text()).isEqualTo("Alias candidate now points at 1.2.0.");
        assertThat(run.registry().aliases("fraud/detector")).containsEntry("candidate", "1.2.0");

        Document removed = bob.submit(aliased, "#aliases li:has(.badge:containsOwn(candidate)) form",
                Map.of("confirm", "yes")); // the confirmation page's second post (WebUiConfirmationsTest)
        assertThat(removed.select("#flash").text()).isEqualTo("Alias candidate removed.");
        assertThat(run.registry().aliases("fraud/detector")).doesNotContainKey("candidate");

        Document split = bob.submit(removed, "#deploy-form", Map.of("version", "1.0.0", "environment", "staging",
                "canary", "1.2.0", "percent", "20", "replicas", "2"));
        assertThat(split.select("#flash").text()).isEqualTo("Deployed fraud/detector to staging: 1.0.0 80 %, 1.2.0 20 %.");
        Document whole = bob.submit(split, "#deploy-form", Map.of("version", "1.1.0", "environment", "staging",
                "canary", ""));
        assertThat(whole.select("#flash").text()).isEqualTo("Deployed fraud/detector to staging: 1.1.0 100 %.");
        Document back = bob.submit(whole, "#deployments tr:has(td:containsOwn(staging)) form", Map.of());
        assertThat(back.select("#flash").text()).isEqualTo("Rolled staging back: it serves 1.0.0 80 %, 1.2.0 20 % again.");
        assertThat(run.registry().lifecycle().deployments("fraud/detector").get("staging").splits()).hasSize(2);
        Document badShare = bob.submit(back, "#deploy-form", Map.of("version", "1.0.0", "environment", "staging",
                "canary", "1.2.0", "percent", "100"));
        assertThat(badShare.select("#flash.refused").text()).contains("between 1 and 99");

        WebSession viewer = signedIn(TestServers.VIEWER_TOKEN);
        Document seen = viewer.page(V120);
        assertThat(seen.select("#promote-form")).isEmpty();
        HttpResponse<String> denied = viewer.post(V120 + "/promote", Map.of("stage", "staging",
                "csrf", seen.selectFirst("input[name=csrf]").val()));
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(viewer.parse(denied).select("#error h1").text()).isEqualTo("403 · Not allowed");
        assertThat(viewer.parse(denied).select("#error .message").text()).contains("'viewer'", "models:promote");
        assertThat(run.registry().resolve("fraud/detector:1.2.0").stage()).isEqualTo("testing");
    }

    @Test
    void pagesCarrySecurityHeadersAndErrorsArePages() throws Exception {
        WebSession s = signedIn(TestServers.VIEWER_TOKEN);
        HttpResponse<String> list = s.get("/models");
        assertThat(list.headers().firstValue("Content-Security-Policy")).get().asString()
                .contains("default-src 'self'", "frame-ancestors 'none'");
        assertThat(list.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(list.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        HttpResponse<String> missing = s.get("/models/no-such-model");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(s.parse(missing).select("#error h1").text()).startsWith("404");
        assertThat(s.get("/nowhere").statusCode()).isEqualTo(404);
        assertThat(s.get("/api/v1/nowhere").statusCode()).isEqualTo(404); // the API's JSON 404, not a page
        assertThat(s.get("/api/v1/nowhere").headers().firstValue("Content-Type")).contains("application/json");
        assertThat(s.get("/static/ui.css").headers().firstValue("Content-Type")).contains("text/css; charset=utf-8");
    }

    @Test
    void anOversizedFormGetsItsErrorPageNotAResetConnection() throws Exception {
        WebSession s = signedIn(TestServers.ADMIN_TOKEN);
        String huge = "x".repeat(4 << 20); // refused by its declared length, before it is read
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> refused = s.post(V120 + "/promote", Map.of("stage", "testing", "gates", huge));
            assertThat(refused.statusCode()).isEqualTo(413);
            assertThat(s.parse(refused).select("#error").text()).contains("Form too large");
        }
        assertThat(run.registry().resolve("fraud/detector:1.2.0").stage()).isEqualTo("development");
    }
}
