
import io.jmreg.remote.RemoteRegistryFactory;
import io.jmreg.spi.RegistryFactory;
/**
 * The registry client for {@code http://} and {@code https://} servers: {@code ModelRegistry.open("http://host:8080")}
 * gives the same API as an embedded registry. Found through the API's ServiceLoader; the wire format is registry-wire's,
 * shared with registry-server. Nothing is exported.
 */
module io.jmreg.remote {
    requires io.jmreg.api;
    requires io.jmreg.core;
    requires io.jmreg.wire;
    requires java.net.http;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires org.slf4j;

    provides RegistryFactory with RemoteRegistryFactory;
}
