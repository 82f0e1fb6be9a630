/** The registry implementation; nothing is exported: it is reached through the API's ServiceLoader. */
@SuppressWarnings("requires-automatic") // semver4j has no module descriptor
module io.jmreg.core {
    requires io.jmreg.api;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires com.github.benmanes.caffeine;
    requires org.semver4j;
    requires org.slf4j;

    opens io.jmreg.core.store to com.fasterxml.jackson.databind;
    opens io.jmreg.core.log to com.fasterxml.jackson.databind;
    opens io.jmreg.core.gc to com.fasterxml.jackson.databind;
    opens io.jmreg.core.catalog to com.fasterxml.jackson.databind;
    opens io.jmreg.core.audit to com.fasterxml.jackson.databind;

    provides io.jmreg.spi.RegistryFactory with io.jmreg.core.CoreRegistryFactory;
    provides io.jmreg.spi.StorageBackendProvider with io.jmreg.core.mem.MemoryBackendProvider;
}
