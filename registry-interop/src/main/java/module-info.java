/**
 * Moving models into the registry: imports from Hugging Face-compatible hubs and plain URLs, resumable across
 * process restarts and verified before anything is registered. Works with any {@code ModelRegistry}, embedded or
 * remote, through the public API.
 */
module io.jmreg.interop {
    requires transitive io.jmreg.api;
    requires java.net.http;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jsr310;

    opens io.jmreg.interop to com.fasterxml.jackson.databind;
    requires org.slf4j;

    exports io.jmreg.interop;
}
