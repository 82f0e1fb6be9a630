package io.jmreg.testkit.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a test main class in a separate JVM with this test's class path. */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** Starts {@code main} with {@code args}; output goes to {@code log}. */
    public static Process start(Path log, List<String> jvmArgs, Class<?> main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Starts {@code main} with {@code store}'s URI, then {@code args}, and {@code store}'s JVM arguments too. */
    public static Process start(Path log, List<String> jvmArgs, ChildStore store, Class<?> main, String... args)
            throws IOException {
        List<String> all = new ArrayList<>(jvmArgs);
        all.addAll(store.jvmArguments());
        List<String> mainArgs = new ArrayList<>();
        mainArgs.add(store.uri());
        mainArgs.addAll(List.of(args));
        return start(log, all, main, mainArgs.toArray(String[]::new));
    }
}
