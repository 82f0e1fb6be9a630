package io.jmreg.testkit.process;

import java.util.List;

/**
 * How a child process opens a store: the URI it is given and the JVM arguments it needs (a run through a server:
 * the server's URI and {@code -D}{@value ChildRegistries#TOKEN}, see {@link ChildRegistries}).
 *
 * @param uri          the URI the child opens
 * @param jvmArguments JVM arguments added to the child's
 */
public record ChildStore(String uri, List<String> jvmArguments) {
    /** Copies the arguments. */
    public ChildStore {
        jvmArguments = List.copyOf(jvmArguments);
    }

    /** The store itself, opened directly. */
    public static ChildStore direct(String uri) {
        return new ChildStore(uri, List.of());
    }
}
