package io.jmreg.core.ingest;

import io.jmreg.api.Names;
import io.jmreg.api.exceptions.InvalidArtifactException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.core.blobs.SourceFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns a file or directory into the list of files to register, before anything is written: every path is
 * validated, special files are refused, and a symbolic link is followed only when its target stays inside the
 * artifact directory (SPEC 4.6).
 */
public final class ArtifactScanner {
    private ArtifactScanner() {
    }

    /** Scans {@code root}; a single file registers under its own name. */
    public static List<SourceFile> scan(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidArtifactException("artifact path '%s' does not exist", root);
        }
        try {
            if (!Files.isDirectory(root)) {
                Path real = root.toRealPath();
                requireRegular(real, root.getFileName().toString());
                return List.of(new SourceFile(Names.requireArtifactPath(root.getFileName().toString()), real, Files.size(real)));
            }
            Path realRoot = root.toRealPath();
            List<SourceFile> files = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    if (p.equals(root)) {
                        continue;
                    }
                    String rel = relative(root, p);
                    if (Files.isSymbolicLink(p)) {
                        Path target;
                        try {
                            target = p.toRealPath();
                        } catch (IOException e) {
                            throw new InvalidArtifactException("symbolic link '%s' is dangling", rel);
                        }
                        if (!target.startsWith(realRoot)) {
                            throw new InvalidArtifactException(
                                    "symbolic link '%s' points outside the artifact directory (to %s)", rel, target);
                        }
                        if (Files.isDirectory(target)) {
                            throw new InvalidArtifactException("symbolic link '%s' points to a directory; only file links are followed", rel);
                        }
                        files.add(new SourceFile(checked(rel), target, Files.size(target)));
                    } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        continue;
                    } else {
                        requireRegular(p, rel);
                        files.add(new SourceFile(checked(rel), p, Files.size(p)));
                    }
                }
            }
            files.sort(Comparator.comparing(SourceFile::path));
            return files;
        } catch (IOException e) {
            throw new InvalidArtifactException(e, "cannot read artifact path '%s': %s", root, e);
        }
    }

    private static String checked(String rel) {
        try {
            return Names.requireArtifactPath(rel);
        } catch (ValidationException e) {
            throw new InvalidArtifactException(e, "%s", e.getMessage());
        }
    }

    private static void requireRegular(Path p, String rel) throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) {
            throw new InvalidArtifactException("artifact '%s' is not a regular file (device, pipe or socket)", rel);
        }
        if (!Files.isReadable(p)) {
            throw new InvalidArtifactException("artifact '%s' is not readable", rel);
        }
    }

    private static String relative(Path root, Path p) {
        StringBuilder b = new StringBuilder();
        for (Path part : root.relativize(p)) {
            if (b.length() > 0) {
                b.append('/');
            }
            b.append(part);
        }
        return b.toString();
    }
}
