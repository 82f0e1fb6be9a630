/** Metrics (Micrometer) and traces (OpenTelemetry) of every registry operation; each library optional. */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic", "module"}) // Micrometer, OTel: automatic modules
module io.jmreg.micrometer {
    requires transitive io.jmreg.api;
    requires static transitive micrometer.core;
    requires static transitive io.opentelemetry.api;
    requires static io.opentelemetry.context;

    exports io.jmreg.micrometer;
    exports io.jmreg.opentelemetry;
}
