/**
 * The registry over HTTP: a REST API under {@code /api/v1} with bearer tokens and a web UI, on Jetty 12 core handlers. Start it
 * with {@link io.jmreg.server.RegistryServer#start}; every request runs through the library as its token's principal.
 */
@SuppressWarnings("requires-automatic") // jte-runtime has no module descriptor (Automatic-Module-Name only)
module io.jmreg.server {
    requires transitive io.jmreg.api;
    requires io.jmreg.wire;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.http;
    requires org.eclipse.jetty.io;
    requires org.eclipse.jetty.util;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires org.slf4j;
    requires gg.jte.runtime;
    requires org.commonmark;

    exports io.jmreg.server;
    // the precompiled templates of the web UI are loaded by name
    opens io.jmreg.server.ui.templates to gg.jte.runtime;
}
