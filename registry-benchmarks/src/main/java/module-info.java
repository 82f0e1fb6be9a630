/** Benchmark program: registry operations against baselines measured in the same run. */
@SuppressWarnings({"requires-automatic", "module"}) // the AWS SDK ships automatic modules
module io.jmreg.benchmarks {
    requires io.jmreg.api;
    requires software.amazon.awssdk.services.s3;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.auth;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.identity.spi;

    provides io.jmreg.spi.StorageBackendProvider with io.jmreg.benchmarks.CountingBackendProvider;
}
