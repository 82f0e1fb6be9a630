/** Micrometer metrics of registry operations: {@link io.jmreg.micrometer.RegistryMetrics}. */
package io.jmreg.micrometer;
