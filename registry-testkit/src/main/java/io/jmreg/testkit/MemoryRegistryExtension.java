package io.jmreg.testkit;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Gives each test of host code a fresh in-memory registry ({@code mem:}, same semantics as the durable backends)
 * with a private pull cache, closed and removed after the test:
 * <pre>{@code
 * @ExtendWith(MemoryRegistryExtension.class)
 * class ServingTest {
 *     @Test
 *     void loadsProduction(ModelRegistry registry) { ... }
 * }
 * }</pre>
 * Needs registry-core at test runtime (it provides {@code mem:}).
 */
public final class MemoryRegistryExtension implements ParameterResolver, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(MemoryRegistryExtension.class);

    /** Created by JUnit. */
    public MemoryRegistryExtension() {
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == ModelRegistry.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return extension.getStore(NS).getOrComputeIfAbsent("registry", key -> {
            try {
                Path cache = Files.createTempDirectory("jmreg-mem-cache");
                extension.getStore(NS).put("cache", cache);
                return ModelRegistry.open(RegistryOptions.builder("mem:test-" + UUID.randomUUID()).cacheDirectory(cache)
                        .build());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, ModelRegistry.class);
    }

    @Override
    public void afterEach(ExtensionContext extension) throws IOException {
        ModelRegistry registry = extension.getStore(NS).remove("registry", ModelRegistry.class);
        if (registry != null) {
            registry.close();
        }
        Path cache = extension.getStore(NS).remove("cache", Path.class);
        if (cache != null) {
            try (Stream<Path> walk = Files.walk(cache)) {
                for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                    p.toFile().setWritable(true);
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
