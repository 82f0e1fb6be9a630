package io.jmreg.server;

import com.sun.net.httpserver.HttpServer;
import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.exceptions.RegistryException;
import io.jmreg.api.exceptions.StorageException;
import io.jmreg.api.exceptions.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The remote client's own rules: its token never leaves its server, and bad URIs or settings are refused early. */
class RemoteClientTest {
    @TempDir
    Path temp;

    @Test
    void aRedirectToAnotherOriginIsRefusedAndTheTokenNeverFollowsIt() throws Exception {
        List<String> seenByOther = new CopyOnWriteArrayList<>();
        HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", x -> {
            seenByOther.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        other.start();
        HttpServer redirecting = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        redirecting.createContext("/", x -> {
            x.getResponseHeaders().add("Location", "http://127.0.0.1:" + other.getAddress().getPort() + x.getRequestURI());
            byte[] body = "moved".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(302, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        redirecting.start();
        try (ModelRegistry r = TestServers.client("http://127.0.0.1:" + redirecting.getAddress().getPort(), "jmr_secret",
                temp)) {
            assertThatThrownBy(r::listModels).isInstanceOf(RegistryException.class).hasMessageContaining("302");
            assertThat(seenByOther).as("the other origin saw no request, so no token").isEmpty();
        } finally {
            redirecting.stop(0);
            other.stop(0);
        }
    }

    @Test
    void badServerUrisMissingTokensAndUnreachableServersAreClearErrors() throws Exception {
        assertThatThrownBy(() -> TestServers.client("http://127.0.0.1:1/some/path", "t", temp))
                .isInstanceOf(ValidationException.class).hasMessageContaining("scheme://host[:port]");
        assertThatThrownBy(() -> ModelRegistry.open(RegistryOptions.builder("http://127.0.0.1:1").cacheDirectory(temp)
                .property("token", " ").build())).isInstanceOf(ValidationException.class).hasMessageContaining("token");
        try (ModelRegistry r = TestServers.client("http://127.0.0.1:1", "t", temp)) {
            assertThatThrownBy(r::listModels).isInstanceOf(StorageException.class).hasMessageContaining("cannot reach");
        }
    }
}
