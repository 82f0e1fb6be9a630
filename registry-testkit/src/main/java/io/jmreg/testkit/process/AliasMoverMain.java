package io.jmreg.testkit.process;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;

import java.nio.file.Path;

/**
 * A second process of the watch tests: moves alias {@code args[2]} of model {@code args[1]} to version
 * {@code args[3]} in store {@code args[0]} (pull cache {@code args[4]}) and prints "MOVED <epoch millis>" once the
 * move is committed.
 */
public final class AliasMoverMain {
    private AliasMoverMain() {
    }

    public static void main(String[] args) {
        try (ModelRegistry registry = ChildRegistries.open(RegistryOptions.builder(args[0]).principal("mover")
                .cacheDirectory(Path.of(args[4])).build())) {
            registry.setAlias(args[1], args[2], args[3]);
            System.out.println("MOVED " + System.currentTimeMillis());
        }
    }
}
