package io.jmreg.server;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Servers over fresh {@code file:} stores on 127.0.0.1 for the tests, with fixed tokens; closed with {@link #closeAll}. */
final class TestServers {
    static final String ADMIN_TOKEN = "jmr_test-admin-token";
    static final String ALICE_TOKEN = "jmr_test-alice-token";
    static final String BOB_TOKEN = "jmr_test-bob-token";
    static final String VIEWER_TOKEN = "jmr_test-viewer-token";
    private final List<AutoCloseable> open = new ArrayList<>();

    /** A running server and the store behind it. */
    record Running(RegistryServer server, ModelRegistry registry, String storeUri, Path uploads) {
    }

    Running start(Path temp) {
        return start(temp, b -> b);
    }

    Running start(Path temp, UnaryOperator<ServerOptions.Builder> tune) {
        return start(temp, b -> b, tune);
    }

    Running start(Path temp, UnaryOperator<RegistryOptions.Builder> registryTune,
                  UnaryOperator<ServerOptions.Builder> tune) {
        String store = "file:" + temp.resolve("server-store");
        ModelRegistry registry = ModelRegistry.open(registryTune.apply(RegistryOptions.builder(store).principal("server")
                .cacheDirectory(temp.resolve("server-cache"))).build());
        Tokens tokens = Tokens.of(Map.of(ALICE_TOKEN, "alice", BOB_TOKEN, "bob", VIEWER_TOKEN, "viewer"))
                .with(ADMIN_TOKEN, "admin", true);
        Path uploads = temp.resolve("server-uploads");
        RegistryServer server = RegistryServer.start(tune.apply(ServerOptions.builder(registry, tokens).port(0)
                .uploadDirectory(uploads).stopTimeout(Duration.ofSeconds(2))).build());
        open.add(registry);
        open.add(server);
        return new Running(server, registry, store, uploads);
    }

    /** A client of {@code uri} with {@code token}. */
    static ModelRegistry client(String uri, String token, Path cache) {
        return ModelRegistry.open(RegistryOptions.builder(uri).property("token", token).cacheDirectory(cache).build());
    }

    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        open.clear();
    }
}
