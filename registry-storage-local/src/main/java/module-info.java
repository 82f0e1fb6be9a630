/** The filesystem backend ({@code file:}); reached through ServiceLoader, nothing exported. */
module io.jmreg.storage.local {
    requires io.jmreg.api;
    requires org.slf4j;

    provides io.jmreg.spi.StorageBackendProvider with io.jmreg.storage.local.LocalBackendProvider;
}
