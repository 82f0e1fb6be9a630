/** DJL's {@code Criteria} loads {@code jmreg://name@alias} through the registry: {@link io.jmreg.djl.JmregRepositoryFactory}. */
package io.jmreg.djl;
