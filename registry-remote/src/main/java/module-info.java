/**
 * The registry client for {@code http://} and {@code https://} servers: {@code ModelRegistry.open("http://host:8080")}
 * gives the same API as an embedded registry. Found through the API's ServiceLoader; the wire format is shared with
 * registry-server only.
 */
@SuppressWarnings("module") // the qualified export names registry-server, built after this module
module io.jmreg.remote {
    requires io.jmreg.api;
    requires io.jmreg.core;
    requires java.net.http;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires org.slf4j;

    exports io.jmreg.remote.wire to io.jmreg.server;
    opens io.jmreg.remote.wire to com.fasterxml.jackson.databind;

    provides io.jmreg.spi.RegistryFactory with io.jmreg.remote.RemoteRegistryFactory;
}
