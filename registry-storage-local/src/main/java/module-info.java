
import io.jmreg.spi.StorageBackendProvider;
import io.jmreg.storage.local.LocalBackendProvider;
/** The filesystem backend ({@code file:}); reached through ServiceLoader, nothing exported. */
module io.jmreg.storage.local {
    requires io.jmreg.api;
    requires org.slf4j;

    provides StorageBackendProvider with LocalBackendProvider;
}
