package io.jmreg.core.webhooks;

import com.fasterxml.jackson.core.type.TypeReference;
import io.jmreg.api.exceptions.CommitConflictException;
import io.jmreg.api.exceptions.ObjectNotFoundException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.core.json.Json;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.spi.StorageBackend;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The webhook subscriptions in the store: each change a new create-only document
 * {@code webhooks/subscriptions/<n>.json} holding the whole list, the highest one in force (like the access policy).
 * The loser of a race re-reads and applies its change again.
 */
final class SubscriptionStore {
    static final String PREFIX = "webhooks/subscriptions/";
    private static final int ATTEMPTS = 20;
    private static final TypeReference<List<StoredSubscription>> LIST = new TypeReference<>() {
    };
    private final StorageBackend backend;

    SubscriptionStore(StorageBackend backend) {
        this.backend = backend;
    }

    private record Head(long version, List<StoredSubscription> subscriptions) {
    }

    /** The subscriptions in force. */
    List<StoredSubscription> current() {
        return head().subscriptions();
    }

    /** Applies {@code change} to the newest list and stores the result as the next version, create-only. */
    List<StoredSubscription> change(UnaryOperator<List<StoredSubscription>> change) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Head head = head();
            List<StoredSubscription> next = change.apply(new ArrayList<>(head.subscriptions()));
            if (backend.putIfAbsent(key(head.version() + 1), Json.write(next))) {
                return next;
            }
        }
        throw new CommitConflictException("gave up changing the webhook subscriptions after %d lost races", ATTEMPTS);
    }

    private Head head() {
        List<String> names = backend.listChildren(PREFIX);
        for (int i = names.size() - 1; i >= 0; i--) {
            long version = sequenceOf(names.get(i));
            if (version > 0) {
                try {
                    byte[] bytes = backend.getBytes(key(version));
                    return new Head(version, List.copyOf(Json.mapper().readValue(bytes, LIST)));
                } catch (ObjectNotFoundException e) {
                    continue;
                } catch (IOException e) {
                    throw new StorageException(e, "webhook subscriptions %s cannot be read: %s",
                            key(version), e.getMessage());
                }
            }
        }
        return new Head(0, List.of());
    }

    private static String key(long version) {
        return PREFIX + String.format("%020d.json", version);
    }

    private static long sequenceOf(String name) {
        return StoreLayout.sequenceOf(name);
    }
}
