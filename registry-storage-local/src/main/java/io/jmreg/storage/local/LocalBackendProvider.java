package io.jmreg.storage.local;

import io.jmreg.api.exceptions.StorageException;
import io.jmreg.spi.StorageBackend;
import io.jmreg.spi.StorageBackendProvider;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Provider of {@code file:} stores: {@code file:/abs/path}, {@code file:///abs/path} or {@code file:relative/path}.
 * The directory is created if missing; an unwritable one fails at open.
 */
public final class LocalBackendProvider implements StorageBackendProvider {
    @Override
    public String scheme() {
        return "file";
    }

    @Override
    public StorageBackend open(String text, Map<String, String> properties) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new StorageException(e, "malformed file store URI '%s': %s (expected file:/path/to/store)", text, e.getMessage());
        }
        Path root;
        if (uri.isOpaque()) {
            root = Path.of(uri.getSchemeSpecificPart());
        } else if (uri.getPath() != null && !uri.getPath().isEmpty()) {
            root = Path.of(uri.getPath());
        } else {
            throw new StorageException("file store URI '%s' has no path (expected file:/path/to/store)", uri);
        }
        return new LocalBackend(uri.toString(), root.toAbsolutePath().normalize());
    }
}
