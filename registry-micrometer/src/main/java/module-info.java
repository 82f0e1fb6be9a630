/**
 * Metrics (Micrometer) and traces (OpenTelemetry) of every registry operation; each library optional, so an
 * application brings the one it uses (hence not required transitively).
 */
@SuppressWarnings({"requires-automatic", "exports", "module"}) // micrometer-core is an automatic module
module io.jmreg.micrometer {
    requires transitive io.jmreg.api;
    requires static micrometer.core;
    requires static io.opentelemetry.api;
    requires static io.opentelemetry.context;

    exports io.jmreg.micrometer;
    exports io.jmreg.opentelemetry;
}
