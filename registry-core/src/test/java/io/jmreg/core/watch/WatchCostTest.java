package io.jmreg.core.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.events.Subscription;
import io.jmreg.api.exceptions.ValidationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A watch costs one small read per watched model per poll when nothing changes, never a listing. */
class WatchCostTest {
    @TempDir
    Path temp;

    @Test
    void anIdlePollIsOneReadOfTheNextLogEntryPerModel() throws Exception {
        String uri = "countmem:watch-" + UUID.randomUUID();
        try (ModelRegistry r = ModelRegistry.open(RegistryOptions.builder(uri).cacheDirectory(temp).build())) {
            r.registerModel(Registration.builder("a").version("1.0.0").build());
            r.registerModel(Registration.builder("b").version("1.0.0").build());
            r.setAlias("a", "production", "1.0.0");
            List<String> told = new ArrayList<>();
            Subscription w1 = r.watch("a@production", Duration.ofMillis(50), (x, y) -> told.add("a"));
            Subscription w2 = r.watch("a:latest", Duration.ofMillis(200), (x, y) -> told.add("a latest"));
            Subscription w3 = r.watch("b", Duration.ofMillis(50), (x, y) -> told.add("b"));
            Thread.sleep(300); // the first polls
            CountingMemoryProvider.ACCESSES.clear();
            Thread.sleep(1000);
            List<String> accesses = List.copyOf(CountingMemoryProvider.ACCESSES);
            assertThat(accesses).noneMatch(k -> k.startsWith("LIST"));
            assertThat(accesses).allMatch(k -> k.equals("models/a/log/00000000000000000003.json")
                    || k.equals("models/b/log/00000000000000000002.json"));
            long polls = accesses.stream().filter(k -> k.startsWith("models/a/")).count();
            assertThat(polls).as("polls of a in 1 s at 50 ms (both of its watches share them)").isBetween(8L, 22L);
            assertThat(told).isEmpty();
            w1.close();
            w2.close();
            w3.close();
            Thread.sleep(100);
            CountingMemoryProvider.ACCESSES.clear();
            Thread.sleep(300);
            assertThat(CountingMemoryProvider.ACCESSES).as("no polling after close").isEmpty();
            assertThatThrownBy(() -> r.watch("a@production", Duration.ofMillis(1), (x, y) -> { }))
                    .isInstanceOf(ValidationException.class);
            assertThatThrownBy(() -> r.watch("A!", Duration.ofSeconds(1), (x, y) -> { }))
                    .isInstanceOf(ValidationException.class);
        }
    }
}
