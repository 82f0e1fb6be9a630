package io.jmreg.server.ui;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.UrlSanitizer;

/**
 * Markdown of descriptions as the UI shows it (commonmark-java): raw HTML is escaped (shown as text, never run), link
 * and image addresses other than relative, {@code http}, {@code https} and {@code mailto} are dropped (so
 * {@code javascript:} and {@code data:} do nothing), and links get {@code rel="nofollow noopener noreferrer"}.
 */
public final class Markdown {
    private static final Set<String> SCHEMES = Set.of("http", "https", "mailto");
    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true)
            .urlSanitizer(new UrlSanitizer() {
                @Override
                public String sanitizeLinkUrl(String url) {
                    return safe(url);
                }

                @Override
                public String sanitizeImageUrl(String url) {
                    return safe(url);
                }
            })
            .attributeProviderFactory(context -> (node, tag, attributes) -> {
                if (tag.equals("a")) {
                    attributes.put("rel", "nofollow noopener noreferrer");
                }
            }).build();

    private Markdown() {
    }

    /** {@code markdown} as safe HTML (empty for null). */
    public static String html(String markdown) {
        if (markdown == null || markdown.isBlank()) {
            return "";
        }
        Node document = PARSER.parse(markdown);
        return RENDERER.render(document);
    }

    /** {@code url} when relative or of an allowed scheme, else empty. */
    static String safe(String url) {
        String u = url.strip();
        int colon = u.indexOf(':');
        int slash = u.indexOf('/');
        int query = u.indexOf('?');
        int hash = u.indexOf('#');
        boolean hasScheme = colon > 0 && (slash < 0 || colon < slash) && (query < 0 || colon < query)
                && (hash < 0 || colon < hash);
        if (!hasScheme) {
            return u; // relative: this site
        }
        String scheme = u.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            return "";
        }
        try {
            URI.create(u);
            return u;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
