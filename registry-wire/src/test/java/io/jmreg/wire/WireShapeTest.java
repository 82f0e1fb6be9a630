package io.jmreg.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.lifecycle.TrafficSplit;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every component of every API record that can cross the wire has a wire name of its own, as {@code StoredShapeTest}
 * checks for the stored format: the records are found by walking every type the API's methods (and its accessor
 * interfaces) take and return, and the wire's own request records; renaming a record component fails here, never
 * silently in a client.
 */
class WireShapeTest {
    private final ObjectMapper mapper = WireJson.strictMapper();

    @Test
    void everyComponentOfEveryApiRecordOnTheWireHasAWireName() {
        Set<Class<?>> records = new LinkedHashSet<>();
        walk(ModelRegistry.class, records, new HashSet<>());
        Arrays.stream(Requests.class.getDeclaredClasses()).forEach(c -> walk(c, records, new HashSet<>()));
        Map<String, String> problems = new TreeMap<>();
        int named = 0;
        for (Class<?> record : records) {
            if (WireShape.LOCAL_ONLY.contains(record.getName())) {
                continue;
            }
            if (record.getEnclosingClass() == Requests.class) {
                for (RecordComponent rc : record.getRecordComponents()) {
                    if (rc.getAccessor().getAnnotation(JsonProperty.class) == null) {
                        problems.put(record.getSimpleName() + "." + rc.getName(), "no @JsonProperty");
                    }
                    named++;
                }
                continue;
            }
            Class<?> mixin = mapper.findMixInClassFor(record);
            if (mixin == null) {
                problems.put(record.getName(), "no wire names (add a *Wire interface to a WireNames group)");
                continue;
            }
            Set<String> components = Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName)
                    .collect(Collectors.toSet());
            Set<String> names = Arrays.stream(mixin.getDeclaredMethods()).map(Method::getName).collect(Collectors.toSet());
            if (!names.equals(components)) {
                problems.put(record.getName(), "wire names " + names + " but components " + components);
            }
            Set<String> wireNames = new HashSet<>();
            for (Method m : mixin.getDeclaredMethods()) {
                JsonProperty p = m.getAnnotation(JsonProperty.class);
                if (p == null || !p.value().matches("[a-z][a-z0-9]*(_[a-z0-9]+)*") || !wireNames.add(p.value())) {
                    problems.put(record.getName() + "." + m.getName(), "wire name missing, not snake_case or repeated");
                }
                named++;
            }
        }
        assertThat(problems).as("records and components without a wire name").isEmpty();
        assertThat(records).hasSizeGreaterThan(70);
        assertThat(named).isGreaterThan(300);
    }

    @Test
    void theLocalOnlyRecordsExist() throws Exception {
        for (String name : WireShape.LOCAL_ONLY) {
            assertThat(Class.forName(name).isRecord()).as(name).isTrue();
        }
    }

    @Test
    void aWireNameIsWhatTheJsonCarries() throws Exception {
        var split = new TrafficSplit("1.2.0", 25.0);
        String json = new String(WireJson.write(new Requests.Deploy(null, List.of(split), "http://x", 2, null)),
                StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"splits\":[{\"version\":\"1.2.0\",\"percent\":25.0}],\"endpoint\":\"http://x\","
                + "\"replicas\":2}");
    }

    private static void walk(Type type, Set<Class<?>> records, Set<Class<?>> interfaces) {
        if (type instanceof ParameterizedType p) {
            walk(p.getRawType(), records, interfaces);
            Arrays.stream(p.getActualTypeArguments()).forEach(t -> walk(t, records, interfaces));
        } else if (type instanceof WildcardType w) {
            Arrays.stream(w.getUpperBounds()).forEach(t -> walk(t, records, interfaces));
        } else if (type instanceof GenericArrayType g) {
            walk(g.getGenericComponentType(), records, interfaces);
        } else if (type instanceof Class<?> c) {
            if (c.isArray()) {
                walk(c.getComponentType(), records, interfaces);
            } else if (!c.getName().startsWith("io.jmreg")) {
                return;
            } else if (c.isRecord()) {
                if (records.add(c)) {
                    Arrays.stream(c.getRecordComponents()).forEach(rc -> walk(rc.getGenericType(), records, interfaces));
                }
            } else if (c.isInterface() && c.isSealed()) {
                Arrays.stream(c.getPermittedSubclasses()).forEach(s -> walk(s, records, interfaces));
            } else if (c.isInterface() && interfaces.add(c)) {
                for (Method m : c.getMethods()) {
                    walk(m.getGenericReturnType(), records, interfaces);
                    Arrays.stream(m.getGenericParameterTypes()).forEach(t -> walk(t, records, interfaces));
                }
            }
        }
    }
}
