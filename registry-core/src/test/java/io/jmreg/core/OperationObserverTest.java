package io.jmreg.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.CommitConflictException;
import io.jmreg.api.exceptions.ModelNotFoundException;
import io.jmreg.api.exceptions.OutcomeUnknownException;
import io.jmreg.api.exceptions.ValidationException;
import io.jmreg.api.observe.ObservedOperation;
import io.jmreg.api.observe.OperationObserver;
import io.jmreg.api.observe.Outcome;
import io.jmreg.core.mem.MemoryBackend;
import io.jmreg.spi.ForwardingStorageBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every operation, hot cached reads included, reaches the observer once with its outcome, bytes and retries. */
class OperationObserverTest {
    @TempDir
    Path temp;

    /** Records what it hears, and the tokens its starts handed out. */
    static final class Recorder implements OperationObserver {
        final List<ObservedOperation> heard = new CopyOnWriteArrayList<>();
        final List<Object> tokens = new CopyOnWriteArrayList<>();
        final AtomicInteger starts = new AtomicInteger();

        @Override
        public Object started(String operation, String reference, String principal) {
            return operation + "#" + starts.incrementAndGet();
        }

        @Override
        public boolean tracesStarts() {
            return true;
        }

        @Override
        public void finished(ObservedOperation operation, Object token) {
            heard.add(operation);
            tokens.add(token);
        }

        ObservedOperation last(String operation) {
            for (int i = heard.size() - 1; i >= 0; i--) {
                if (heard.get(i).operation().equals(operation)) {
                    return heard.get(i);
                }
            }
            throw new AssertionError("never heard " + operation + " in " + heard);
        }
    }

    /** The first write of every log entry is lost to an (imagined) racing writer; every 2nd blob write's outcome is unknown. */
    static final class RacingBackend extends ForwardingStorageBackend {
        final Set<String> lost = ConcurrentHashMap.newKeySet();
        boolean unknownNext;

        RacingBackend() {
            super(new MemoryBackend("mem:racing"));
        }

        @Override
        public boolean putIfAbsent(String key, byte[] data) {
            if (key.contains("/log/") && lost.add(key)) {
                return false;
            }
            if (key.contains("/log/") && unknownNext) {
                unknownNext = false;
                super.putIfAbsent(key, data);
                throw new OutcomeUnknownException("timeout after '%s' was sent", key);
            }
            return super.putIfAbsent(key, data);
        }
    }

    private Path files(String name, String content) throws Exception {
        Path dir = Files.createDirectories(temp.resolve(name));
        Files.writeString(dir.resolve("weights.bin"), content);
        return dir;
    }

    @Test
    void operationsAreObservedWithOutcomeBytesCacheAndRetries() throws Exception {
        Recorder recorder = new Recorder();
        RacingBackend backend = new RacingBackend();
        try (ModelRegistry registry = new DefaultModelRegistry(backend, RegistryOptions.builder("mem:racing")
                .cacheDirectory(temp.resolve("cache")).principal("trainer").observer(recorder).build())) {
            registry.registerModel(Registration.builder("m").version("1.0.0").artifacts(files("a", "0123456789")).build());
            ObservedOperation register = recorder.last("register");
            assertThat(register.outcome()).isEqualTo(Outcome.OK);
            assertThat(register.model()).isEqualTo("m");
            assertThat(register.bytesUploaded()).isEqualTo(10);
            assertThat(register.commitRetries()).isEqualTo(1);
            assertThat(register.principal()).isEqualTo("trainer");
            assertThat(register.durationNanos()).isPositive();

            backend.unknownNext = true;
            registry.registerModel(Registration.builder("m").version("1.0.1").artifacts(files("b", "0123456789")).build());
            ObservedOperation again = recorder.last("register");
            assertThat(again.bytesUploaded()).as("same content: no blob written").isZero();
            assertThat(again.unknownOutcomes()).isEqualTo(1);

            registry.setAlias("m", "production", "1.0.1");
            assertThat(recorder.last("set_alias").version()).isEqualTo("1.0.1");
            int before = recorder.heard.size();
            registry.resolve("m@production");
            registry.resolve("m@production"); // the cached hot path is observed too
            assertThat(recorder.heard.subList(before, recorder.heard.size())).extracting(ObservedOperation::operation)
                    .containsExactly("resolve", "resolve");
            assertThat(recorder.last("resolve").model()).isEqualTo("m");

            registry.pull("m@production");
            assertThat(recorder.last("pull").cacheHit()).isFalse();
            assertThat(recorder.last("pull").bytesDownloaded()).isEqualTo(10);
            assertThat(recorder.last("pull").target()).isEqualTo("m:1.0.1");
            registry.pull("m@production");
            assertThat(recorder.last("pull").cacheHit()).isTrue();
            assertThat(recorder.last("resolve").cacheHit()).isNull();

            assertThatThrownBy(() -> registry.resolve("nope@production")).isInstanceOf(ModelNotFoundException.class);
            assertThat(recorder.last("resolve").outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(recorder.last("resolve").failure()).isInstanceOf(ModelNotFoundException.class);

            registry.access().install(AccessPolicy.builder().grant("trainer", "model_admin").build());
            assertThatThrownBy(() -> registry.as("eve").resolve("m@production")).isInstanceOf(AccessDeniedException.class);
            assertThat(recorder.last("resolve").outcome()).isEqualTo(Outcome.DENIED);
            assertThat(recorder.last("resolve").principal()).isEqualTo("eve");
        }
        assertThat(recorder.tokens).as("each finish gets its own start's token")
                .allSatisfy(t -> assertThat(t).isNotNull()).doesNotHaveDuplicates();
        assertThat(recorder.tokens).hasSize(recorder.starts.get());
    }

    @Test
    void aFailingObserverNeverFailsTheOperation() {
        OperationObserver broken = (operation, token) -> {
            throw new IllegalStateException("observer bug");
        };
        try (ModelRegistry registry = new DefaultModelRegistry(new MemoryBackend("mem:x"),
                RegistryOptions.builder("mem:x").cacheDirectory(temp).observer(broken).build())) {
            registry.registerModel(Registration.builder("m").version("1.0.0").build());
            assertThat(registry.resolve("m:1.0.0").version()).isEqualTo("1.0.0");
        }
    }

    @Test
    void outcomesAreClassified() {
        assertThat(Outcome.of(null)).isEqualTo(Outcome.OK);
        assertThat(Outcome.of(new AccessDeniedException("eve", "model:read", "m"))).isEqualTo(Outcome.DENIED);
        assertThat(Outcome.of(new ValidationException("bad"))).isEqualTo(Outcome.REFUSED);
        assertThat(Outcome.of(new OutcomeUnknownException("lost"))).isEqualTo(Outcome.FAILED);
        assertThat(Outcome.of(new CommitConflictException("busy"))).isEqualTo(Outcome.FAILED);
        assertThat(Outcome.of(new IllegalStateException("bug"))).isEqualTo(Outcome.FAILED);
    }
}
