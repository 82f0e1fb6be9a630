/** The backend contract test suite: every StorageBackend extends {@link io.jmreg.testkit.StorageBackendContract}. */
module io.jmreg.testkit {
    requires transitive io.jmreg.api;
    requires transitive org.junit.jupiter.api;
    requires org.assertj.core;
    requires java.compiler;

    exports io.jmreg.testkit;
    exports io.jmreg.testkit.process;
    opens io.jmreg.testkit to org.junit.platform.commons;
}
