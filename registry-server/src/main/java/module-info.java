/**
 * The registry over HTTP: a REST API under {@code /api/v1} with bearer tokens, on Jetty 12 core handlers. Start it
 * with {@link io.jmreg.server.RegistryServer#start}; every request runs through the library as its token's principal.
 */
module io.jmreg.server {
    requires transitive io.jmreg.api;
    requires io.jmreg.remote;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.http;
    requires org.eclipse.jetty.io;
    requires org.eclipse.jetty.util;
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;

    exports io.jmreg.server;
}
