
import io.jmreg.benchmarks.CountingBackendProvider;
import io.jmreg.benchmarks.CountingBackendProvider.S3;
import io.jmreg.benchmarks.NoAuditBackendProvider;
import io.jmreg.spi.StorageBackendProvider;
/** Benchmark program: registry operations against baselines measured in the same run. */
@SuppressWarnings({"requires-automatic", "module"}) // the AWS SDK and JMH ship automatic modules
module io.jmreg.benchmarks {
    requires io.jmreg.api;
    requires io.jmreg.core;
    requires software.amazon.awssdk.services.s3;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.auth;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.identity.spi;
    requires jmh.core;
    requires java.sql;
    requires java.management;
    requires jdk.management;
    requires java.net.http;
    requires io.jmreg.server;
    requires io.jmreg.interop;
    requires jdk.httpserver;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.http;
    requires org.eclipse.jetty.io;
    requires org.eclipse.jetty.util;
    requires org.xerial.sqlitejdbc;
    requires io.jmreg.micrometer;
    requires micrometer.core;
    requires micrometer.registry.prometheus;
    requires io.opentelemetry.api;

    opens io.jmreg.benchmarks.jmh to jmh.core;
    opens io.jmreg.benchmarks.jmh.jmh_generated to jmh.core;

    provides StorageBackendProvider with CountingBackendProvider,
            S3, NoAuditBackendProvider;
}
