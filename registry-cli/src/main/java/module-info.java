/** jmreg, the command-line tool: every command over any store URI; nothing is exported. */
@SuppressWarnings({"requires-automatic", "module"}) // picocli ships an automatic module
module io.jmreg.cli {
    requires io.jmreg.api;
    requires io.jmreg.server;
    requires io.jmreg.wire;
    requires io.jmreg.interop;
    requires info.picocli;
    requires io.jmreg.micrometer; // serve --metrics
    requires micrometer.core;
    requires micrometer.registry.prometheus;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jsr310;

    opens io.jmreg.cli to info.picocli, com.fasterxml.jackson.databind;
}
