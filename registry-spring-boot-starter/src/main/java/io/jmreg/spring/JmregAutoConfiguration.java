package io.jmreg.spring;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.observe.OperationObserver;
import io.jmreg.micrometer.RegistryMetrics;
import io.jmreg.serving.WatchedModel;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.AbstractList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The registry in a Spring Boot application: a {@link ModelRegistry} bean from {@code jmreg.*} (closed with the
 * context; declare your own to replace it), {@link WatchedModels}, metrics into the application's
 * {@link MeterRegistry}, a health indicator and an info contributor when actuator is present. Active when
 * {@code jmreg.uri} is set.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration"})
@ConditionalOnProperty(prefix = "jmreg", name = "uri")
@EnableConfigurationProperties(JmregProperties.class)
public class JmregAutoConfiguration {

    /** The registry, observed by every {@link OperationObserver} bean (the metrics among them). */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public ModelRegistry jmregModelRegistry(JmregProperties properties, ObjectProvider<OperationObserver> observers) {
        List<OperationObserver> all = observers.orderedStream().toList();
        return ModelRegistry.open(RegistryOptionsFactory.options(properties, all));
    }

    /** Watched models on the registry bean. */
    @Bean
    @ConditionalOnMissingBean
    public WatchedModels jmregWatchedModels(ModelRegistry registry, JmregProperties properties) {
        return new WatchedModels(registry, properties.watch().maxDelay());
    }

    /** Metrics of every registry operation in the application's meter registry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    static class Metrics {
        @Bean
        @ConditionalOnMissingBean
        RegistryMetrics jmregMetrics(MeterRegistry meters) {
            return new RegistryMetrics(meters);
        }
    }

    /** The registry's health. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    static class HealthConfiguration {
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean(name = "jmregHealthIndicator")
        JmregHealthIndicator jmregHealthIndicator(ModelRegistry registry, JmregProperties properties) {
            return new JmregHealthIndicator(registry, properties.properties() == null ? Map.of()
                    : properties.properties(), properties.health().timeout());
        }
    }

    /** What the registry serves, in {@code /actuator/info}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.info.InfoContributor")
    static class InfoConfiguration {
        @Bean
        @ConditionalOnMissingBean(name = "jmregInfoContributor")
        JmregInfoContributor jmregInfoContributor(ModelRegistry registry, ObjectProvider<WatchedModel<?>> watched) {
            return new JmregInfoContributor(registry, new LazyList(watched));
        }
    }

    /** The watched models, looked up when info is asked for (they may be created after the contributor). */
    private static final class LazyList extends AbstractList<WatchedModel<?>> {
        private final ObjectProvider<WatchedModel<?>> provider;

        LazyList(ObjectProvider<WatchedModel<?>> provider) {
            this.provider = provider;
        }

        @Override
        public WatchedModel<?> get(int index) {
            return provider.orderedStream().toList().get(index);
        }

        @Override
        public int size() {
            return (int) provider.orderedStream().count();
        }

        @Override
        public void forEach(Consumer<? super WatchedModel<?>> action) {
            provider.orderedStream().forEach(action);
        }
    }
}
