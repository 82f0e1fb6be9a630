
import io.jmreg.core.CoreRegistryFactory;
import io.jmreg.core.mem.MemoryBackendProvider;
import io.jmreg.spi.RegistryFactory;
import io.jmreg.spi.StorageBackendProvider;
/**
 * The registry implementation, reached through the API's ServiceLoader. Nothing is exported to users.
 *
 * <p>Three packages are exported to the remote client only (qualified exports, a documented decision): it pulls
 * through the same verified pull cache ({@code cache}: {@code PullCache}, which verifies every byte against the
 * recorded SHA-256 before handing it out), over the same content-addressed {@code blobs} layer, and scans upload
 * directories with the same {@code ingest.ArtifactScanner}, so an artifact is checked by one piece of code however it
 * is reached. A module of its own would have to take {@code blobs}, which the registration and garbage collection
 * paths of core are built on, out of core; until that split is made, these exports are the whole of what the client
 * sees, and nothing else may be added to them.
 *
 * <p>One more package is exported to registry-wire only: {@code policy}, whose {@code PolicyDocument} is the one reader
 * of the access-policy document, so the HTTP API's {@code PUT /api/v1/policy}, {@code RegistryAccess.parse} and the
 * stored policy refuse the same documents with the same messages. It holds that reader and nothing else.
 */
@SuppressWarnings({"requires-automatic", "module"}) // semver4j has no descriptor; remote and wire are built later
module io.jmreg.core {
    requires io.jmreg.api;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires com.github.benmanes.caffeine;
    requires org.semver4j;
    requires org.slf4j;
    requires java.net.http;

    exports io.jmreg.core.cache to io.jmreg.remote;
    exports io.jmreg.core.blobs to io.jmreg.remote;
    exports io.jmreg.core.ingest to io.jmreg.remote;
    exports io.jmreg.core.log to io.jmreg.benchmarks; // BulkLogWriter: the scale benchmark's store generator
    // PolicyDocument, the one reader of the access-policy document: the HTTP API's PUT /api/v1/policy reads with it
    exports io.jmreg.core.policy to io.jmreg.wire;
    exports io.jmreg.core.audit to io.jmreg.benchmarks; // BulkAuditWriter: the audit benchmark's trail generator

    opens io.jmreg.core.store to com.fasterxml.jackson.databind;
    opens io.jmreg.core.json to com.fasterxml.jackson.databind;
    opens io.jmreg.core.log to com.fasterxml.jackson.databind;
    opens io.jmreg.core.gc to com.fasterxml.jackson.databind;
    opens io.jmreg.core.catalog to com.fasterxml.jackson.databind;
    opens io.jmreg.core.audit to com.fasterxml.jackson.databind;
    opens io.jmreg.core.webhooks to com.fasterxml.jackson.databind;

    provides RegistryFactory with CoreRegistryFactory;
    provides StorageBackendProvider with MemoryBackendProvider;
}
