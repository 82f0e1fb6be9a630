/** Runnable examples: training code registering, a serving app loading, and the end-to-end demo. */
module io.jmreg.examples {
    requires transitive io.jmreg.api;
    requires com.fasterxml.jackson.databind;

    exports io.jmreg.examples;
}
