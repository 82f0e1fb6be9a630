package io.jmreg.server.ui;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Descriptions as Markdown: formatting works, hostile input (scripts, raw HTML, javascript: links) is inert. */
class MarkdownTest {
    private static Document render(String markdown) {
        return Jsoup.parseBodyFragment(Markdown.html(markdown));
    }

    @Test
    void formattingIsRendered() {
        Document d = render("# Fraud scorer\n\n**Gradient-boosted**, see [the paper](https://example.org/p?a=1&b=2)"
                + " and [the model](/models/fraud/detector).\n\n- one\n- two\n\n`code`");
        assertThat(d.select("h1").text()).isEqualTo("Fraud scorer");
        assertThat(d.select("strong").text()).isEqualTo("Gradient-boosted");
        assertThat(d.select("a").eachAttr("href")).containsExactly("https://example.org/p?a=1&b=2",
                "/models/fraud/detector");
        assertThat(d.select("a").eachAttr("rel")).containsOnly("nofollow noopener noreferrer");
        assertThat(d.select("li")).hasSize(2);
        assertThat(d.select("code").text()).isEqualTo("code");
        assertThat(Markdown.html(null)).isEmpty();
        assertThat(Markdown.html("  ")).isEmpty();
    }

    @Test
    void rawHtmlIsShownAsText() {
        String hostile = "<script>alert('pwned')</script> & <b>bold</b>";
        Document d = render(hostile);
        assertThat(d.text()).isEqualTo(hostile);
        assertThat(d.select("script, b")).isEmpty();
        Document inline = render("text <img src=x onerror=alert(1)> <iframe src=//evil></iframe> <a href=\"javascript:x\">a</a>");
        assertThat(inline.select("img, iframe, a")).isEmpty();
        assertThat(inline.text()).contains("<img src=x onerror=alert(1)>");
        assertThat(render("<div onmouseover=\"alert(1)\">\n\nblock\n\n</div>").select("div")).isEmpty();
    }

    @Test
    void unsafeAddressesAreDropped() {
        String[] hostile = {"[a](javascript:alert(1))", "[a](JavaScript:alert(1))", "[a](java\tscript:alert(1))",
            "[a](&#106;avascript:alert(1))", "[a](javascript&colon;alert(1))", "<javascript:alert(1)>",
            "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", "![i](javascript:alert(1))",
            "[a](vbscript:msgbox(1))", "[a]\n\n[a]: javascript:alert(1)"};
        for (String markdown : hostile) {
            Document d = render(markdown);
            d.select("a[href], img[src]").forEach(e -> {
                String url = e.hasAttr("href") ? e.attr("href") : e.attr("src");
                assertThat(url.toLowerCase().replaceAll("[\\s\\u0000-\\u001f]", ""))
                        .as("%s rendered as %s", markdown, d.body().html())
                        .doesNotContain("javascript:").doesNotContain("vbscript:").doesNotStartWith("data:");
            });
        }
        assertThat(Markdown.safe("mailto:team@example.org")).isEqualTo("mailto:team@example.org");
        assertThat(Markdown.safe("HTTPS://example.org")).isEqualTo("HTTPS://example.org");
        assertThat(Markdown.safe("a/b:c")).isEqualTo("a/b:c");
        assertThat(Markdown.safe("file:///etc/passwd")).isEmpty();
    }
}
