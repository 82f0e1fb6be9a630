/** Serving helpers over the public API: {@link io.jmreg.serving.WatchedModel}. */
module io.jmreg.serving {
    requires transitive io.jmreg.api;
    requires org.slf4j;

    exports io.jmreg.serving;
}
