package io.jmreg.core.audit;

import io.jmreg.api.audit.AuditCheckpoint;
import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditOptions;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.signing.SigningKeys;
import io.jmreg.core.json.Json;
import io.jmreg.core.sequence.RetryPolicy;
import io.jmreg.core.sequence.Sequence;
import io.jmreg.core.signing.Ed25519;
import io.jmreg.core.store.StoreLayout;
import io.jmreg.spi.StorageBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Signed checkpoints of the audit trail, {@code audit/checkpoints/<seq>.json}, written create-only by processes that
 * hold the signing key (which never enters the store): when the trail passes a multiple of the configured entry count,
 * when this process's last checkpoint is older than the configured interval, or on request.
 */
final class AuditCheckpoints {
    private static final Logger LOG = LoggerFactory.getLogger(AuditCheckpoints.class);

    /** The stored form of a checkpoint. */
    record CheckpointDoc(int schema, long seq, String entryHash, Instant at, String keyId, String signature) {
        AuditCheckpoint toCheckpoint() {
            return new AuditCheckpoint(seq, entryHash, at, keyId, signature);
        }
    }

    /** A stored checkpoint, or why it could not be read. */
    record Stored(String key, AuditCheckpoint checkpoint, String unreadable) {
    }

    private final StorageBackend backend;
    private final Sequence sequence;
    private final AuditOptions options;
    private final String keyId;
    private volatile Instant lastSealed = Instant.now();

    AuditCheckpoints(StorageBackend backend, AuditOptions options, RetryPolicy retry) {
        this.backend = backend;
        this.sequence = new Sequence(backend, "the audit checkpoints", "checkpoint", StoreLayout.AUDIT_CHECKPOINTS,
                StoreLayout::auditCheckpointKey, StoreLayout::sequenceOf, retry);
        this.options = options;
        this.keyId = options.signingKey() == null ? null : SigningKeys.keyId(options.signingKey().getPublic());
    }

    /**
     * After an append moved the head from {@code before} to {@code after} with {@code entries}: seals each entry at a
     * multiple of the configured count, or the head when this process's last checkpoint is older than the interval.
     */
    void appended(long before, AuditChain.Head after, List<AuditEntry> entries) {
        if (keyId == null) {
            return;
        }
        boolean sealedAny = false;
        if (before / options.checkpointEvery() != after.seq() / options.checkpointEvery()) {
            for (AuditEntry e : entries) {
                if (e.seq() % options.checkpointEvery() == 0) {
                    sealedAny = true;
                    trySeal(new AuditChain.Head(after.block(), e.seq(), e.hash(), e.at()));
                }
            }
        }
        if (!sealedAny && lastSealed.plus(options.checkpointInterval()).isBefore(Instant.now())) {
            trySeal(after);
        }
    }

    private void trySeal(AuditChain.Head head) {
        try {
            seal(head);
        } catch (RuntimeException e) {
            LOG.warn("could not write audit checkpoint at entry {}: {}", head.seq(), e.getMessage());
        }
    }

    /** Signs and stores a checkpoint of {@code head} (the stored one, if another process sealed it first). */
    AuditCheckpoint seal(AuditChain.Head head) {
        if (keyId == null) {
            throw new ValidationException("this registry has no audit signing key: open it with "
                    + "RegistryOptions.builder(...).audit(AuditOptions.defaults().signedWith(keyPair))");
        }
        if (head.seq() == 0) {
            throw new ValidationException("the audit trail is empty: there is nothing to seal");
        }
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        AuditCheckpoint unsigned = new AuditCheckpoint(head.seq(), head.hash(), at, keyId, "");
        String signature = Ed25519.sign(options.signingKey().getPrivate(), unsigned.signedText());
        CheckpointDoc doc = new CheckpointDoc(1, head.seq(), head.hash(), at, keyId, signature);
        String key = sequence.key(head.seq());
        byte[] bytes = Json.write(doc);
        lastSealed = Instant.now();
        return sequence.retrying(Sequence.Listener.NONE, attempt -> switch (attempt.append(head.seq(), bytes)) {
            case CREATED -> doc.toCheckpoint();
            case EXISTED -> Json.read(Json.bytes(backend, key), CheckpointDoc.class, key).toCheckpoint();
            case NOT_LANDED -> null;
        });
    }

    /** Every stored checkpoint, oldest first, each parsed or with the reason it could not be. */
    List<Stored> all() {
        List<Stored> out = new ArrayList<>();
        for (String name : backend.listChildren(StoreLayout.AUDIT_CHECKPOINTS)) {
            long seq = StoreLayout.sequenceOf(name);
            String key = StoreLayout.AUDIT_CHECKPOINTS + name;
            if (seq <= 0) {
                out.add(new Stored(key, null, "its name is not a checkpoint's"));
                continue;
            }
            out.add(read(key, seq));
        }
        return out;
    }

    private Stored read(String key, long seq) {
        try {
            CheckpointDoc doc = Json.read(Json.bytes(backend, key), CheckpointDoc.class, key);
            if (doc.seq() != seq || doc.entryHash() == null || doc.at() == null || doc.keyId() == null
                    || doc.signature() == null) {
                return new Stored(key, null, "it is incomplete or names entry " + doc.seq());
            }
            return new Stored(key, doc.toCheckpoint(), null);
        } catch (RuntimeException e) {
            return new Stored(key, null, e.getMessage());
        }
    }

    /** The newest readable checkpoint. */
    Optional<AuditCheckpoint> newest() {
        return sequence.newest((seq, key, bytes) -> read(key, seq).checkpoint(), (seq, key, e) -> {
        }).map(Sequence.Member::value);
    }
}
