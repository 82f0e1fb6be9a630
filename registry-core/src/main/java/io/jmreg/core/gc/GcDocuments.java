package io.jmreg.core.gc;

import java.time.Instant;
import java.util.List;

/** The small documents of the collection protocol, stored under {@code gc/}. */
final class GcDocuments {
    private GcDocuments() {
    }

    /**
     * A writer's pin: blobs it is about to reference from a commit. Collectors never delete a pinned blob.
     *
     * @param schema  document schema
     * @param digests SHA-256 of every blob pinned
     * @param by      principal of the writer
     * @param created when the pin was first written (writer's clock, informative)
     */
    record Pin(int schema, List<String> digests, String by, Instant created) {
    }

    /**
     * A running collection.
     *
     * @param schema  document schema
     * @param id      collection id
     * @param by      principal
     * @param started collector's clock at start (informative)
     */
    record Marker(int schema, String id, String by, Instant started) {
    }
}
