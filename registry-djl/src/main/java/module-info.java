/** DJL loads models through the registry ({@code jmreg://name@alias}). */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic", "module"}) // DJL: an automatic module
module io.jmreg.djl {
    requires transitive io.jmreg.api;
    requires transitive ai.djl.api;

    exports io.jmreg.djl;
}
