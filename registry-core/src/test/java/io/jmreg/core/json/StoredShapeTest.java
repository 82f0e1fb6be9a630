package io.jmreg.core.json;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every component of every stored API record has a stored name in {@link StoredShape}, and no stored name points at
 * a component that is gone: adding or renaming a record component fails here, never silently in a store.
 */
class StoredShapeTest {
    @Test
    void everyComponentOfEveryStoredRecordHasAStoredName() {
        Class<?>[] docs = StoredShape.class.getDeclaredClasses();
        assertThat(docs).hasSize(18);
        for (Class<?> doc : docs) {
            String recordName = doc.getSimpleName().replaceFirst("Doc$", "");
            Class<?> record = findRecord(recordName);
            Set<String> components = Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName)
                    .collect(Collectors.toSet());
            Set<String> named = Arrays.stream(doc.getDeclaredMethods()).map(Method::getName).collect(Collectors.toSet());
            assertThat(named).as("stored names of %s", recordName).isEqualTo(components);
            assertThat(Json.mapper().findMixInClassFor(record)).as("mix-in of %s in use", recordName).isEqualTo(doc);
        }
    }

    private static Class<?> findRecord(String simpleName) {
        for (String pkg : new String[] {"io.jmreg.api.model.", "io.jmreg.api.lifecycle.", "io.jmreg.api.signing."}) {
            try {
                return Class.forName(pkg + simpleName);
            } catch (ClassNotFoundException next) {
                // try the other package
            }
        }
        throw new AssertionError("no API record " + simpleName);
    }
}
