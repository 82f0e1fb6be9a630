package io.jmreg.server;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.audit.AuditQuery;
import io.jmreg.api.exceptions.AccessDeniedException;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Previous/next paging beyond the model list (jsoup): the audit trail pages back in time and forth again, a model's
 * versions and its deployments page by 50 and 20 rows, every row shown once, and a bad offset is a 400 page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiPagingTest {
    private static final String MODEL = "paged/model";
    private static final int VERSIONS = 120;
    private static final int ENVIRONMENTS = 25;
    private UiSite site;

    @BeforeAll
    void start(@TempDir Path temp) throws Exception {
        site = UiSite.start(temp, 0);
        ModelRegistry admin = site.registry().as("admin");
        for (int i = 0; i < VERSIONS; i++) {
            admin.registerModel(Registration.builder(MODEL).version("1." + i + ".0").build());
        }
        for (int i = 0; i < ENVIRONMENTS; i++) {
            admin.lifecycle().deploy(MODEL + ":1." + i + ".0", String.format("env-%02d", i), null, 1);
        }
        ModelRegistry viewer = site.registry().as("viewer");
        for (int i = 0; i < 300; i++) { // refusals are audited: entries for more than two audit pages, cheaply
            try {
                viewer.updateTags(MODEL + ":1.0.0", Set.of("t" + i), Set.of());
            } catch (AccessDeniedException expected) {
                // audited as denied
            }
        }
    }

    @AfterAll
    void stop() throws Exception {
        site.close();
    }

    @Test
    void theAuditTrailPagesBackAndForth() throws Exception {
        WebSession s = site.signedIn(TestServers.ADMIN_TOKEN);
        int total = site.registry().audit().query(AuditQuery.all()).size();
        assertThat(total).as("enough entries for two pages and more").isGreaterThan(2 * 200);
        Document first = s.page("/audit");
        assertThat(first.select("#audit-previous-page, #audit-first-page")).isEmpty();
        List<Document> pages = new ArrayList<>(List.of(first));
        Document page = first;
        while (page.selectFirst("#audit-next-page") != null) {
            page = s.page(page.selectFirst("#audit-next-page").attr("href"));
            pages.add(page);
            assertThat(pages).as("bounded").hasSizeLessThan(20);
        }
        List<Long> seqs = new ArrayList<>();
        for (Document p : pages) {
            p.select("#audit-entries tbody tr td:eq(0)").eachText().forEach(t -> seqs.add(Long.parseLong(t)));
        }
        assertThat(seqs).as("every entry once, newest first").doesNotHaveDuplicates()
                .isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(seqs.size()).isGreaterThanOrEqualTo(total);
        assertThat(pages.get(0).select("#audit-entries tbody tr")).hasSize(200);

        // back from the third page: the second, then the first
        Document third = pages.get(2);
        Document back = s.page(third.selectFirst("#audit-previous-page").attr("href"));
        assertThat(rows(back)).isEqualTo(rows(pages.get(1)));
        Document backAgain = s.page(back.selectFirst("#audit-previous-page").attr("href"));
        assertThat(rows(backAgain).get(0)).isEqualTo(rows(first).get(0));
        assertThat(backAgain.select("#audit-previous-page")).isEmpty();
        assertThat(s.page(third.selectFirst("#audit-first-page").attr("href")).select("#audit-previous-page")).isEmpty();

        // filters travel with the pages
        Document refusals = s.page("/audit?action=update_tags");
        Document older = s.page(refusals.selectFirst("#audit-next-page").attr("href"));
        assertThat(older.select("#audit-entries tbody tr td:eq(3)").eachText()).isNotEmpty().containsOnly("update_tags");
        assertThat(older.selectFirst("#f-action").val()).isEqualTo("update_tags");
        assertThat(older.select("#audit-next-page")).isEmpty();

        assertThat(s.get("/audit?before=nonsense").statusCode()).isEqualTo(400);
    }

    private static List<String> rows(Document audit) {
        return audit.select("#audit-entries tbody tr td:eq(0)").eachText();
    }

    @Test
    void versionsAndDeploymentsPageOnAModelsPage() throws Exception {
        WebSession s = site.signedIn(TestServers.VIEWER_TOKEN);
        Document page = s.page("/models/paged%2Fmodel");
        assertThat(page.select("#versions tbody a.version")).hasSize(50);
        assertThat(page.select("#versions-previous-page")).isEmpty();
        Set<String> seen = new HashSet<>();
        int pages = 0;
        while (true) {
            List<String> shown = page.select("#versions tbody a.version").eachText();
            assertThat(seen).doesNotContainAnyElementsOf(shown);
            seen.addAll(shown);
            pages++;
            if (page.selectFirst("#versions-next-page") == null) {
                break;
            }
            page = s.page(page.selectFirst("#versions-next-page").attr("href"));
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(VERSIONS);
        assertThat(page.select("#versions tbody a.version").eachText()).startsWith("1.19.0").endsWith("1.0.0");
        assertThat(page.select("#cmp-a option")).as("the compare form still offers every version")
                .hasSize(VERSIONS);
        Document previous = s.page(page.selectFirst("#versions-previous-page").attr("href"));
        assertThat(previous.select("#versions tbody a.version").eachText()).startsWith("1.69.0").hasSize(50);

        Document deployments = s.page("/models/paged%2Fmodel");
        assertThat(deployments.select("#deployments tbody tr")).hasSize(20);
        Document more = s.page(deployments.selectFirst("#deployments-next-page").attr("href"));
        assertThat(more.select("#deployments tbody tr td:eq(0)").eachText()).containsExactly("env-20", "env-21",
                "env-22", "env-23", "env-24");
        assertThat(more.select("#deployments-next-page")).isEmpty();
        assertThat(more.select("#versions tbody a.version").first().text()).as("the versions stay on their page")
                .isEqualTo("1.119.0");

        assertThat(s.get("/models/paged%2Fmodel?versions=-1").statusCode()).isEqualTo(400);
        assertThat(s.get("/models/paged%2Fmodel?versions=abc").statusCode()).isEqualTo(400);
        assertThat(s.get("/models/paged%2Fmodel?deployments=999").statusCode()).isEqualTo(400);
    }
}
