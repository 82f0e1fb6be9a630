/** OpenTelemetry spans of registry operations: {@link io.jmreg.opentelemetry.RegistryTracing}. */
package io.jmreg.opentelemetry;
