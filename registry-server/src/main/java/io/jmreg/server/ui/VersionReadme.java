package io.jmreg.server.ui;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.api.model.ArtifactFile;
import io.jmreg.api.model.ModelVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The card of a version that has no description: its top-level {@code README.md} (or {@code README.markdown}, any
 * case) when the artifacts hold one, read through the registry's verified and audited artifact read, rendered as
 * Markdown like descriptions. Files above {@link #MAX_BYTES} are not rendered, only linked.
 */
final class VersionReadme {
    /** Largest README rendered on the page. */
    static final long MAX_BYTES = 256 * 1024;
    private static final Set<String> NAMES = Set.of("readme.md", "readme.markdown");
    private static final Pattern FRONT_MATTER_END = Pattern.compile("\\R(---|\\.\\.\\.)[ \\t]*(\\R|$)");

    private VersionReadme() {
    }

    /**
     * {@code text} without a leading YAML front matter block ({@code ---} lines around metadata, as Hugging Face model
     * cards start), which CommonMark would otherwise render as a rule and a heading of raw YAML.
     */
    static String withoutFrontMatter(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        if (!t.startsWith("---\n") && !t.startsWith("---\r\n")) {
            return t;
        }
        Matcher end = FRONT_MATTER_END.matcher(t);
        return end.find(3) ? t.substring(end.end()) : t;
    }

    /** The README shown as {@code v}'s card, or null when {@code v} has a description or no README. */
    static Views.Readme of(ModelRegistry r, ModelVersion v) {
        if (v.description() != null) {
            return null;
        }
        Optional<ArtifactFile> found = v.artifacts().files().stream()
                .filter(f -> f.path().indexOf('/') < 0 && NAMES.contains(f.path().toLowerCase(Locale.ROOT)))
                .min(Comparator.comparing(ArtifactFile::path)); // README.md before README.markdown, stable
        if (found.isEmpty()) {
            return null;
        }
        ArtifactFile f = found.get();
        String download = Links.download(v.name(), v.version(), f.path());
        if (f.size() > MAX_BYTES) {
            return new Views.Readme(f.path(), download, null, f.path() + " is " + Fmt.bytes(f.size())
                    + ", more than the " + Fmt.bytes(MAX_BYTES) + " shown here: download it to read it.");
        }
        try (InputStream in = r.openArtifact(v.reference(), f.path())) {
            String text = new String(in.readNBytes((int) MAX_BYTES), StandardCharsets.UTF_8);
            return new Views.Readme(f.path(), download, Markdown.html(withoutFrontMatter(text)), null);
        } catch (AccessDeniedException e) {
            throw e;
        } catch (RegistryException | IOException | UncheckedIOException e) {
            return new Views.Readme(f.path(), download, null, f.path() + " could not be read: " + e.getMessage());
        }
    }
}
