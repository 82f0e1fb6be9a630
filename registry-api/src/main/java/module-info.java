
import io.jmreg.spi.RegistryFactory;
import io.jmreg.spi.StorageBackendProvider;
/** The thin public API of the model registry: interfaces, value types, exceptions and the storage SPI. */
module io.jmreg.api {
    exports io.jmreg.api;
    exports io.jmreg.api.model;
    exports io.jmreg.api.exceptions;
    exports io.jmreg.api.lifecycle;
    exports io.jmreg.api.events;
    exports io.jmreg.api.search;
    exports io.jmreg.api.access;
    exports io.jmreg.api.audit;
    exports io.jmreg.api.signing;
    exports io.jmreg.api.webhooks;
    exports io.jmreg.api.observe;
    exports io.jmreg.spi;

    uses RegistryFactory;
    uses StorageBackendProvider;
}
