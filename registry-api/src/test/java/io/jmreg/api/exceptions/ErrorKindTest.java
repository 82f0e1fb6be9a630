package io.jmreg.api.exceptions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every exception type of the API names its own kind and a code of its own, so no surface maps by Java class. */
class ErrorKindTest {
    private static List<Class<?>> exceptionTypes() throws IOException, URISyntaxException, ClassNotFoundException {
        Path dir = Path.of(RegistryException.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("io/jmreg/api/exceptions");
        List<Class<?>> types = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith("Exception.class")).toList()) {
                String name = f.getFileName().toString().replace(".class", "");
                types.add(Class.forName("io.jmreg.api.exceptions." + name));
            }
        }
        return types;
    }

    @Test
    void everyExceptionTypeDeclaresItsKindAndAUniqueStableCode() throws Exception {
        List<Class<?>> types = exceptionTypes();
        assertThat(types).hasSizeGreaterThanOrEqualTo(22).allMatch(RegistryException.class::isAssignableFrom);
        Map<String, String> codes = new HashMap<>();
        for (Class<?> type : types) {
            assertThat(type.getDeclaredMethod("kind").getDeclaringClass()).as(type.getSimpleName()).isEqualTo(type);
            assertThat(type.getDeclaredMethod("code").getDeclaringClass()).as(type.getSimpleName()).isEqualTo(type);
            assertThat(Modifier.isPublic(type.getModifiers())).isTrue();
        }
        for (Class<?> type : types) {
            RegistryException e = sample(type);
            assertThat(e.code()).as(type.getSimpleName()).matches("[a-z]+(_[a-z0-9]+)*");
            assertThat(codes.put(e.code(), type.getSimpleName())).as("code " + e.code() + " of " + type.getSimpleName())
                    .isNull();
        }
    }

    @Test
    void theSurfacesDisagreementsAreSettledByKind() {
        assertThat(new UntrustedVersionException("m:1.0.0", "unsigned").kind()).isEqualTo(ErrorKind.INTEGRITY);
        assertThat(new InvalidArtifactException("missing").kind()).isEqualTo(ErrorKind.INVALID);
        assertThat(new IntegrityException("f", "a", "b").kind()).isEqualTo(ErrorKind.INTEGRITY);
        assertThat(new MissingBlobException("f", "a", "k").kind()).isEqualTo(ErrorKind.INTEGRITY);
        assertThat(new OutcomeUnknownException("timeout").kind()).isEqualTo(ErrorKind.OUTCOME_UNKNOWN);
        assertThat(new GarbageCollectionAbortedException("stale").kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(new QueryException("x", 0, "bad", List.of()).kind()).isEqualTo(ErrorKind.INVALID);
        assertThat(new RegistryException("other").kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(new UnauthenticatedException("no token").kind()).isEqualTo(ErrorKind.UNAUTHENTICATED);
        assertThat(new UnauthenticatedException("no token")).isNotInstanceOf(AccessDeniedException.class);
    }

    private static RegistryException sample(Class<?> type) throws Exception {
        if (type == AccessDeniedException.class) {
            return new AccessDeniedException("p", "models:read", "m");
        }
        if (type == GateFailedException.class) {
            return new GateFailedException("m:1", "production", List.of());
        }
        if (type == IllegalTransitionException.class) {
            return new IllegalTransitionException("m:1", "a", "b", Set.of());
        }
        if (type == IntegrityException.class) {
            return new IntegrityException("f", "a", "b");
        }
        if (type == MissingBlobException.class) {
            return new MissingBlobException("f", "a", "k");
        }
        if (type == QueryException.class) {
            return new QueryException("q", 0, "bad", List.of());
        }
        if (type == UntrustedVersionException.class) {
            return new UntrustedVersionException("m:1", "unsigned");
        }
        return (RegistryException) type.getConstructor(String.class, Object[].class).newInstance("x", new Object[0]);
    }
}
