package io.jmreg.core.search;

import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.core.store.StoreUris;
import io.jmreg.spi.StorageBackend;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key that seals a store's search page tokens: 32 random bytes kept in the store ({@value #KEY}), made by the
 * first process that needs it (a create-only write; the loser of a race reads the winner's), so that a token stays
 * valid across processes and hosts sharing the store (the CLI's {@code --page-token}) while callers that cannot read
 * the store (clients of the server) can neither read nor forge one. A store that cannot be written (a read-only
 * serving host) or read gets a key for this process only: its tokens then end with the process.
 */
final class PageTokenKey {
    /** Where the key is kept in the store. */
    static final String KEY = "access/search-page-key";
    private static final Logger LOG = LoggerFactory.getLogger(PageTokenKey.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private final StorageBackend backend;
    private volatile SecretKey key;

    /** The key of {@code backend}'s store (null: this process's own). */
    PageTokenKey(StorageBackend backend) {
        this.backend = backend;
    }

    /** The key, read or made on first use. */
    SecretKey get() {
        SecretKey k = key;
        if (k == null) {
            synchronized (this) {
                k = key;
                if (k == null) {
                    k = load();
                    key = k;
                }
            }
        }
        return k;
    }

    private SecretKey load() {
        if (backend != null) {
            try {
                for (int attempt = 0; attempt < 3; attempt++) {
                    Optional<byte[]> stored = backend.getBytesIfExists(KEY, 64);
                    if (stored.isPresent() && stored.get().length == 32) {
                        return new SecretKeySpec(stored.get(), "AES");
                    }
                    if (stored.isPresent()) {
                        break; // not a key of ours: fall back to this process's own
                    }
                    byte[] fresh = new byte[32];
                    RANDOM.nextBytes(fresh);
                    if (backend.putIfAbsent(KEY, fresh)) {
                        return new SecretKeySpec(fresh, "AES");
                    }
                }
            } catch (RegistryException | UncheckedIOException e) {
                LOG.debug("no shared page-token key in {} ({}): page tokens of this process end with it",
                        StoreUris.redacted(backend.uri()), e.toString());
            }
        }
        return PageToken.newKey();
    }
}
