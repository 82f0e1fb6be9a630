/**
 * The HTTP API's wire format, shared by registry-server and the remote client (registry-remote): the request and
 * response bodies, their JSON shape ({@link io.jmreg.wire.WireJson}) and the mapping of the API's exceptions to HTTP
 * statuses and error bodies and back ({@link io.jmreg.wire.WireErrors}). Not a user API: exported to those two only.
 */
@SuppressWarnings("module") // the qualified exports name modules built after this one
module io.jmreg.wire {
    requires transitive io.jmreg.api;
    requires io.jmreg.core; // its PolicyDocument: the one reader of the access-policy document
    requires transitive com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jsr310;

    exports io.jmreg.wire to io.jmreg.server, io.jmreg.remote, io.jmreg.cli;
    opens io.jmreg.wire to com.fasterxml.jackson.databind;
}
