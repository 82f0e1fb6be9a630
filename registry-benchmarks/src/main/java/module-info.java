/** Benchmark program: registry operations against baselines measured in the same run. */
module io.jmreg.benchmarks {
    requires io.jmreg.api;

    provides io.jmreg.spi.StorageBackendProvider with io.jmreg.benchmarks.CountingBackendProvider;
}
