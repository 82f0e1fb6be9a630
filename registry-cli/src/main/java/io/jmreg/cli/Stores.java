package io.jmreg.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Whether a store a command names exists: a mistyped {@code file:} path must not silently become a new, empty store. */
final class Stores {
    private Stores() {
    }

    /** The directory of a {@code file:} store URI, or null for other schemes (and URIs the backend will reject). */
    static Path fileStore(String uri) {
        if (!uri.startsWith("file:")) {
            return null;
        }
        try {
            URI u = new URI(uri);
            String path = u.isOpaque() ? u.getSchemeSpecificPart() : u.getPath();
            return path == null || path.isEmpty() ? null : Path.of(path).toAbsolutePath().normalize();
        } catch (URISyntaxException | InvalidPathException e) {
            return null;
        }
    }

    /** Fails with exit 3 when {@code uri} is a {@code file:} store whose directory does not exist. */
    static void requireExisting(String uri) {
        Path dir = fileStore(uri);
        if (dir != null && !Files.exists(dir)) {
            throw new ExitCodes.NotFound(String.format("no registry at %s: %s does not exist (create it with 'jmreg init "
                    + "%s' or add --create)", uri, dir, uri));
        }
    }
}
