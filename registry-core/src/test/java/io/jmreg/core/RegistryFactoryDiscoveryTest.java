package io.jmreg.core;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.exceptions.BackendNotFoundException;
import io.jmreg.spi.RegistryFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code ModelRegistry.open} names the implementations it found when there is more than one. */
class RegistryFactoryDiscoveryTest {
    @TempDir
    Path temp;

    /** A second implementation, as a stray jar on the class path would bring. */
    public static final class SecondFactory implements RegistryFactory {
        @Override
        public ModelRegistry open(RegistryOptions options) {
            throw new AssertionError("never chosen");
        }
    }

    @Test
    void twoImplementationsAreReportedByName() throws Exception {
        Path services = Files.createDirectories(temp.resolve("META-INF/services"));
        Files.writeString(services.resolve(RegistryFactory.class.getName()), SecondFactory.class.getName() + "\n");
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {temp.toUri().toURL()}, getClass().getClassLoader())) {
            Thread.currentThread().setContextClassLoader(loader);
            assertThatThrownBy(() -> ModelRegistry.open("mem:"))
                    .isInstanceOf(BackendNotFoundException.class).hasMessageContaining("more than one registry implementation")
                    .hasMessageContaining(CoreRegistryFactory.class.getName()).hasMessageContaining("SecondFactory");
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }
}
