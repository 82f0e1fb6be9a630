package io.jmreg.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A watched model follows its alias moved by another registry, swapping atomically and closing what it replaced. */
class WatchedModelTest {
    @TempDir
    Path temp;

    /** A model that knows whether it was closed. */
    static final class Text implements AutoCloseable {
        final String text;
        final AtomicBoolean closed = new AtomicBoolean();

        Text(String text) {
            this.text = text;
        }

        String read() {
            if (closed.get()) {
                throw new IllegalStateException("used after close: " + text);
            }
            return text;
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    private ModelRegistry open(String cache) {
        return ModelRegistry.open(RegistryOptions.builder("file:" + temp.resolve("store")).staleness(Duration.ZERO)
                .cacheDirectory(temp.resolve(cache)).build());
    }

    private Path files(String text) throws Exception {
        Path dir = Files.createDirectories(temp.resolve("files-" + text));
        Files.writeString(dir.resolve("text.txt"), text);
        return dir;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 15 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void followsTheAliasAndClosesTheReplacedModelOnlyWhenItsLastCallerIsDone() throws Exception {
        try (ModelRegistry trainer = open("trainer-cache"); ModelRegistry serving = open("serving-cache")) {
            trainer.registerModel(Registration.builder("m").version("1.0.0").artifacts(files("one")).build());
            trainer.registerModel(Registration.builder("m").version("2.0.0").artifacts(files("two")).build());
            trainer.registerModel(Registration.builder("m").version("3.0.0").artifacts(files("broken")).build());
            trainer.setAlias("m", "production", "1.0.0");
            ModelLoader<Text> loader = (version, dir) -> {
                String text = Files.readString(dir.resolve("text.txt"));
                if (text.equals("broken")) {
                    throw new IllegalArgumentException("not a model");
                }
                return new Text(text);
            };
            try (WatchedModel<Text> model = WatchedModel.watch(serving, "m@production", Duration.ofMillis(50), loader)) {
                assertThat(model.apply(Text::read)).isEqualTo("one");
                assertThat(model.version().version()).isEqualTo("1.0.0");
                Text first = model.get();

                CountDownLatch inside = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                Thread slowCaller = new Thread(() -> model.apply(t -> {
                    inside.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return t.read(); // still open: the swap waits for this caller before closing it
                }));
                slowCaller.start();
                inside.await();
                trainer.setAlias("m", "production", "2.0.0");
                await(() -> model.version().version().equals("2.0.0"));
                assertThat(model.apply(Text::read)).isEqualTo("two");
                assertThat(first.closed).isFalse();
                release.countDown();
                slowCaller.join();
                assertThat(first.closed).isTrue();

                trainer.setAlias("m", "production", "3.0.0"); // cannot be loaded: the current one stays
                Thread.sleep(500);
                assertThat(model.apply(Text::read)).isEqualTo("two");
                assertThat(model.files().resolve("text.txt")).hasContent("two");
                Text second = model.get();
                model.close();
                assertThat(second.closed).isTrue();
            }
        }
    }

    @Test
    void aModelThatCannotBeLoadedAtStartFailsWithTheReason() throws Exception {
        try (ModelRegistry registry = open("cache")) {
            registry.registerModel(Registration.builder("m").version("1.0.0").artifacts(files("x")).build());
            registry.setAlias("m", "production", "1.0.0");
            assertThatThrownBy(() -> WatchedModel.watch(registry, "m@production", Duration.ofSeconds(1), (v, dir) -> {
                throw new IllegalArgumentException("bad weights");
            })).isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot load m:1.0.0")
                    .hasMessageContaining("bad weights");
        }
    }
}
