package io.jmreg.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.events.RegistryEvent;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.model.ModelVersion;
import io.jmreg.core.log.ModelLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one pipeline: hooks see principal, operation and resource; a refusing hook stops the work; views act as. */
class OperationPipelineTest {
    @TempDir
    Path temp;

    @Test
    void hooksRunAroundTheWorkAndARefusalStopsIt() {
        List<String> seen = new ArrayList<>();
        OperationHook recorder = new OperationHook() {
            @Override
            public void before(OperationContext c) {
                seen.add("before " + c);
                if (c.principal().equals("mallory")) {
                    throw new IllegalStateException("refused");
                }
            }

            @Override
            public void after(OperationContext c, Object result) {
                seen.add("after " + c.operation() + " -> " + result + " commits " + c.commits().size());
            }

            @Override
            public void failed(OperationContext c, RuntimeException failure) {
                seen.add("failed " + c.operation() + ": " + failure.getMessage());
            }
        };
        OperationPipeline pipeline = new OperationPipeline(List.of(recorder, new OperationHook() {
            @Override
            public void after(OperationContext c, Object result) {
                throw new IllegalStateException("a broken hook is logged, not thrown");
            }
        }));
        String resolved = pipeline.run(Caller.of("alice"), RegistryOperation.RESOLVE, Resource.reference("m@production"), c -> "v1");
        assertThat(resolved).isEqualTo("v1");
        boolean[] ran = {false};
        assertThatThrownBy(() -> pipeline.run(Caller.of("mallory"), RegistryOperation.DELETE_VERSION, Resource.reference("m:1.0.0"),
                c -> ran[0] = true)).hasMessage("refused");
        assertThat(ran[0]).isFalse();
        assertThatThrownBy(() -> pipeline.run(Caller.of("bob"), RegistryOperation.PROMOTE, Resource.model("m"), c -> {
            throw new ValidationException("bad gate");
        })).hasMessage("bad gate");
        assertThat(seen).containsExactly(
                "before RESOLVE of m@production by alice", "after RESOLVE -> v1 commits 0",
                "before DELETE_VERSION of m:1.0.0 by mallory",
                "before PROMOTE of model m by bob", "failed PROMOTE: bad gate");
        assertThat(Resource.reference("org/m@prod").model()).isEqualTo("org/m");
        assertThat(Resource.registry().toString()).isEqualTo("registry");
    }

    @Test
    void aViewActsAsItsPrincipalInTheLogAndInEvents() {
        try (ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder("mem:").principal("ci")
                .cacheDirectory(temp).build())) {
            List<RegistryEvent> events = new CopyOnWriteArrayList<>();
            registry.addListener(events::add);
            ModelRegistry alice = registry.as("alice");
            assertThat(alice.principal()).isEqualTo("alice");
            ModelVersion v = alice.registerModel(Registration.builder("m").version("1.0.0").build());
            assertThat(v.createdBy()).isEqualTo("alice");
            registry.as("bob").setAlias("m", "production", "1.0.0");
            registry.setAlias("m", "champion", "1.0.0");
            alice.close(); // a view's close leaves the registry open
            assertThat(registry.aliasHistory("m", "production")).singleElement()
                    .satisfies(c -> assertThat(c.by()).isEqualTo("bob"));
            assertThat(registry.aliasHistory("m", "champion")).singleElement()
                    .satisfies(c -> assertThat(c.by()).isEqualTo("ci"));
            assertThat(events).extracting(RegistryEvent::type, RegistryEvent::by).containsExactly(
                    Tuple.tuple(RegistryEvent.Type.REGISTERED, "alice"),
                    Tuple.tuple(RegistryEvent.Type.ALIAS_MOVED, "bob"),
                    Tuple.tuple(RegistryEvent.Type.ALIAS_MOVED, "ci"));
            assertThatThrownBy(() -> registry.as(" ")).isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> registry.as("a\nb")).isInstanceOf(ValidationException.class);
        }
    }

    @Test
    void commitsMadeThroughTheContextAreRecordedOnIt() {
        OperationContext c = new OperationContext("p", RegistryOperation.REGISTER, Resource.model("m"));
        assertThat(c).isInstanceOf(ModelLog.Committer.class);
        assertThat(c.commits()).isEmpty();
    }
}
