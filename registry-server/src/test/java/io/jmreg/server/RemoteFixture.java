package io.jmreg.server;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.testkit.process.ChildRegistries;
import io.jmreg.testkit.process.ChildStore;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shared fixture of the {@code Remote*Test} classes, which run a registry-level contract suite through the remote
 * client; registered with {@code @RegisterExtension}, it closes every server and client it started after each test.
 * Two ways to serve a suite: {@link #storeUri}/{@link #open}/{@link #child}, where the suite's stores are {@code file:}
 * stores and every registry the suite opens is a client of a server of its own on 127.0.0.1, started over that store
 * with the suite's options (stage machine, audit and signature settings, properties, staleness, observer) and acting
 * as the options' principal (its token may act for others, so the suite's {@code as(...)} views work as embedded; a
 * suite that reopens a registry by its URI gets another server over the same store; child processes open the store
 * through a server too, {@link ChildRegistries}); or {@link #startServer}/{@link #client}, one plain
 * {@link TestServers} server per store whose URI the suite uses as its store, opened by admin clients.
 */
final class RemoteFixture implements AfterEachCallback, AutoCloseable {
    private final TestServers servers = new TestServers();
    private final Map<String, String> storeOfServer = new ConcurrentHashMap<>();
    private final List<AutoCloseable> open = new ArrayList<>();
    private int stores;
    private Path temp;

    /** A fresh {@code file:} store under {@code temp}. */
    synchronized String storeUri(Path temp) {
        this.temp = temp;
        return "file:" + temp.resolve("served-store-" + stores++);
    }

    /** How child processes open {@code store}: through a server of their own over it, with its token. */
    synchronized ChildStore child(String store) {
        String name = "child-server" + open.size();
        ModelRegistry registry = ModelRegistry.open(RegistryOptions.builder(storeOfServer.getOrDefault(store, store))
                .principal("server").cacheDirectory(temp.resolve(name + "-cache")).build());
        open.add(registry);
        RegistryServer server = RegistryServer.start(ServerOptions.builder(registry,
                Tokens.of(Map.of()).with(TestServers.ADMIN_TOKEN, "admin", true)).host("127.0.0.1").port(0)
                .uploadDirectory(temp.resolve(name + "-uploads")).stopTimeout(Duration.ofSeconds(2)).build());
        open.add(server);
        return new ChildStore(server.uri(), List.of("-D" + ChildRegistries.TOKEN + "=" + TestServers.ADMIN_TOKEN));
    }

    /** A client of a new server over the store {@code options} name (a store of ours, or a server of ours). */
    synchronized ModelRegistry open(RegistryOptions options) {
        String store = storeOfServer.getOrDefault(options.uri(), options.uri());
        Path cache = options.cacheDirectory();
        String name = cache.getFileName() + "-server" + open.size();
        ModelRegistry registry = ModelRegistry.open(new RegistryOptions(store, cache.resolveSibling(name + "-cache"),
                "server", options.staleness(), options.commitTimeout(), options.properties(), options.stageMachine(),
                options.stageMachineFile(), options.cacheVerification(), options.transferConcurrency(),
                options.audit(), options.signatures(), options.observer()));
        open.add(registry);
        RegistryServer server = RegistryServer.start(ServerOptions.builder(registry,
                Tokens.of(Map.of()).with(TestServers.ADMIN_TOKEN, "admin", true)).host("127.0.0.1").port(0)
                .uploadDirectory(cache.resolveSibling(name + "-uploads")).stopTimeout(Duration.ofSeconds(2)).build());
        open.add(server);
        storeOfServer.put(server.uri(), store);
        ModelRegistry client = ModelRegistry.open(RegistryOptions.builder(server.uri())
                .property("token", TestServers.ADMIN_TOKEN).cacheDirectory(cache)
                .cacheVerification(options.cacheVerification()).transferConcurrency(options.transferConcurrency())
                .build());
        open.add(client);
        return client.as(options.principal());
    }

    /** A server of {@link TestServers} over a fresh {@code file:} store under {@code temp}. */
    synchronized TestServers.Running startServer(Path temp) {
        return servers.start(temp);
    }

    /** An admin client of the server at {@code uri} with its pull cache in {@code cache}. */
    ModelRegistry client(String uri, Path cache) {
        return TestServers.client(uri, TestServers.ADMIN_TOKEN, cache);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        close();
    }

    @Override
    public synchronized void close() throws Exception {
        servers.closeAll();
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        open.clear();
        storeOfServer.clear();
    }
}
