package io.jmreg.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.exceptions.UntrustedVersionException;
import io.jmreg.api.signing.SigningKeys;
import io.jmreg.micrometer.RegistryMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The auto-configuration in contexts of its own: properties bound and checked, beans made, replaced and closed. */
class JmregAutoConfigurationTest {
    @TempDir
    Path temp;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(JmregAutoConfiguration.class))
                .withPropertyValues("jmreg.uri=file:" + temp.resolve("store"), "jmreg.cache-directory=" + temp.resolve("cache"),
                        "jmreg.principal=serving-app", "jmreg.staleness=250ms");
    }

    @Test
    void aRegistryBeanIsMadeFromTheProperties() {
        runner().run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(ModelRegistry.class).hasSingleBean(WatchedModels.class)
                    .hasSingleBean(JmregHealthIndicator.class).hasSingleBean(JmregInfoContributor.class);
            ModelRegistry registry = context.getBean(ModelRegistry.class);
            assertThat(registry.principal()).isEqualTo("serving-app");
            assertThat(registry.uri()).isEqualTo("file:" + temp.resolve("store"));
            registry.registerModel(Registration.builder("fraud").version("1.0.0").build());
            assertThat(context.getBean(JmregHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
            JmregProperties p = context.getBean(JmregProperties.class);
            assertThat(p.staleness()).hasMillis(250);
            assertThat(p.health().timeout()).hasSeconds(2);
            assertThat(p.audit().downloads()).isEqualTo(JmregProperties.DownloadAudit.STRICT);
            assertThat(context.getBeanFactory().getBeanDefinition("jmregModelRegistry").getDestroyMethodName())
                    .isEqualTo("close");
        });
    }

    @Test
    void nothingIsMadeWithoutAUri() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(JmregAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(ModelRegistry.class));
    }

    @Test
    void theUsersOwnRegistryBeanReplacesOurs() {
        try (ModelRegistry own = ModelRegistry.open("mem:own")) {
            runner().withBean("myRegistry", ModelRegistry.class, () -> own).run(context -> {
                assertThat(context).hasSingleBean(ModelRegistry.class);
                assertThat(context.getBean(ModelRegistry.class)).isSameAs(own);
                assertThat(context.getBean(WatchedModels.class)).isNotNull();
            });
        }
    }

    @Test
    void aMalformedUriFailsStartUpNamingTheProperty() {
        runner().withPropertyValues("jmreg.uri=file:/models with spaces^").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("jmreg.uri");
        });
    }

    @Test
    void aMalformedDurationFailsStartUpNamingTheProperty() {
        runner().withPropertyValues("jmreg.staleness=soon").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("jmreg.staleness");
        });
        runner().withPropertyValues("jmreg.health.timeout=-1s").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("jmreg.health.timeout must not be negative");
        });
    }

    @Test
    void requiredSignaturesNeedTrustedKeys() {
        runner().withPropertyValues("jmreg.signatures.required=true").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("jmreg.signatures.trusted-keys");
        });
        runner().withPropertyValues("jmreg.signatures.required=true", "jmreg.signatures.trusted-keys=" + temp.resolve("none.pem"))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure())).contains("jmreg.signatures.trusted-keys: cannot read");
                });
    }

    @Test
    void requiredSignaturesAreEnforced() throws Exception {
        KeyPair key = SigningKeys.generate();
        Path pem = temp.resolve("trusted.pem");
        SigningKeys.writePublicKey(key.getPublic(), pem);
        try (ModelRegistry unsigned = ModelRegistry.open(RegistryOptions.builder("file:" + temp.resolve("store"))
                .cacheDirectory(temp.resolve("c2")).build())) {
            unsigned.registerModel(Registration.builder("fraud").version("1.0.0").build());
        }
        runner().withPropertyValues("jmreg.signatures.required=true", "jmreg.signatures.trusted-keys=" + pem)
                .run(context -> assertThatThrownBy(() -> context.getBean(ModelRegistry.class).resolve("fraud:1.0.0"))
                        .isInstanceOf(UntrustedVersionException.class));
    }

    @Test
    void metricsGoToTheApplicationsMeterRegistry() {
        runner().withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            assertThat(context).hasSingleBean(RegistryMetrics.class);
            ModelRegistry registry = context.getBean(ModelRegistry.class);
            registry.registerModel(Registration.builder("fraud").version("1.0.0").build());
            registry.resolve("fraud:1.0.0");
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.get(RegistryMetrics.OPERATIONS).tags("operation", "register", "outcome", "ok")
                    .functionTimer().count()).isEqualTo(1);
        });
    }

    private static String messages(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        return all.toString();
    }
}
