package io.jmreg.testkit;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Java example of the README run as written: {@link #javaBlock} cuts the first {@code ```java} block after a
 * heading out of README.md (the module's directory or its parent), {@link #run} wraps it in a class with the given
 * imports, compiles it with the JDK's compiler against the test class path and runs it with {@code user.home} (where
 * the default pull cache lives) inside a temporary directory, returning what it printed.
 */
public final class ReadmeSnippet {
    private ReadmeSnippet() {
    }

    /**
     * The first {@code ```java} block after {@code heading} (e.g. {@code "\n## Metrics\n"}) in the project's README.
     *
     * @throws AssertionError when the README has no such heading or block
     */
    public static String javaBlock(String heading) {
        Path readme = Path.of("README.md");
        if (!Files.exists(readme)) {
            readme = Path.of("..", "README.md");
        }
        String text;
        try {
            text = Files.readString(readme);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + readme.toAbsolutePath(), e);
        }
        int section = text.indexOf(heading);
        if (section < 0) {
            throw new AssertionError("README.md has no '" + heading.strip() + "'");
        }
        int open = text.indexOf("```java\n", section);
        if (open < 0) {
            throw new AssertionError("README.md has no java block after '" + heading.strip() + "'");
        }
        int start = open + "```java\n".length();
        return text.substring(start, text.indexOf("```", start));
    }

    /**
     * Compiles {@code body} as the method {@code public static void run() throws Exception} of the class
     * {@code className} with {@code imports} (e.g. {@code "io.jmreg.api.*"}), runs it and returns what it printed on
     * {@code System.out}. Sources, classes and {@code user.home} go under {@code temp}.
     *
     * @throws AssertionError when the block does not compile (with javac's messages and the source)
     */
    public static String run(Path temp, String className, List<String> imports, String body) throws Exception {
        List<String> lines = new ArrayList<>();
        imports.forEach(i -> lines.add("import " + i + ";"));
        lines.add("public class " + className + " {");
        lines.add("    public static void run() throws Exception {");
        lines.add(body);
        lines.add("    }");
        lines.add("}");
        String source = String.join("\n", lines);
        Path src = Files.createDirectories(temp.resolve("src"));
        Path file = src.resolve(className + ".java");
        Files.writeString(file, source);
        Path classes = Files.createDirectories(temp.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int rc = javac.run(null, null, errors, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                file.toString());
        if (rc != 0) {
            throw new AssertionError("javac:\n" + errors + "\n" + source);
        }
        String home = System.getProperty("user.home");
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setProperty("user.home", temp.resolve("home").toString());
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                Thread.currentThread().getContextClassLoader())) {
            loader.loadClass(className).getMethod("run").invoke(null);
        } finally {
            System.setOut(out);
            System.setProperty("user.home", home);
        }
        return printed.toString(StandardCharsets.UTF_8);
    }
}
