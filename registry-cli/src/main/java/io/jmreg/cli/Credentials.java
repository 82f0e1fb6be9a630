package io.jmreg.cli;

import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.api.exceptions.ValidationException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The tokens {@code jmreg login} keeps, one per server URI, in a file only its owner may read (mode 0600, in a
 * directory of mode 0700): {@code $JMREG_CREDENTIALS}, else {@code ~/.config/jmreg/credentials}. Written whole to a
 * temporary file with those permissions and moved into place, so that it is never readable by others, not even
 * briefly.
 */
final class Credentials {
    private final Path file;

    private Credentials(Path file) {
        this.file = file;
    }

    /** The credential file of this environment. */
    static Credentials of(Map<String, String> env) {
        String forced = env.get("JMREG_CREDENTIALS");
        return new Credentials(forced != null && !forced.isBlank() ? Path.of(forced)
                : Path.of(System.getProperty("user.home"), ".config", "jmreg", "credentials"));
    }

    Path file() {
        return file;
    }

    /** A server URI as the file keys it: without a trailing slash. */
    static String key(String uri) {
        String u = uri.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    /** The token kept for {@code uri}, or null. */
    String token(String uri) {
        return read().get(key(uri));
    }

    /** Keeps {@code token} for {@code uri} (replacing one kept before). */
    void put(String uri, String token) {
        Map<String, String> all = read();
        all.put(key(uri), token);
        write(all);
    }

    /** Forgets the token of {@code uri}; returns whether there was one. */
    boolean remove(String uri) {
        Map<String, String> all = read();
        boolean had = all.remove(key(uri)) != null;
        if (had) {
            write(all);
        }
        return had;
    }

    private Map<String, String> read() {
        Map<String, String> out = new TreeMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ValidationException("cannot read the credential file %s: %s", file, e.getMessage());
        }
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    private void write(Map<String, String> all) {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            Path tmp = posix ? Files.createTempFile(dir, ".credentials", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(dir, ".credentials", ".tmp");
            try {
                Properties p = new Properties();
                p.putAll(all);
                try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    p.store(w, "jmreg login: bearer tokens by server; keep this file private (mode 0600)");
                }
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new RegistryException(e, "cannot write the credential file %s: %s", file, e.getMessage());
        }
    }
}
