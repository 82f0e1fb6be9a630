/**
 * The registry implementation, reached through the API's ServiceLoader. Nothing is exported to users; the remote
 * client shares the verified pull cache and the artifact scanner.
 */
@SuppressWarnings({"requires-automatic", "module"}) // semver4j has no descriptor; registry-remote is built later
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

    opens io.jmreg.core.store to com.fasterxml.jackson.databind;
    opens io.jmreg.core.log to com.fasterxml.jackson.databind;
    opens io.jmreg.core.gc to com.fasterxml.jackson.databind;
    opens io.jmreg.core.catalog to com.fasterxml.jackson.databind;
    opens io.jmreg.core.audit to com.fasterxml.jackson.databind;
    opens io.jmreg.core.webhooks to com.fasterxml.jackson.databind;

    provides io.jmreg.spi.RegistryFactory with io.jmreg.core.CoreRegistryFactory;
    provides io.jmreg.spi.StorageBackendProvider with io.jmreg.core.mem.MemoryBackendProvider;
}
