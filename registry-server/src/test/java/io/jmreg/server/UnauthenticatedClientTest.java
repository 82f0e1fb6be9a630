package io.jmreg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.RegistryOptions;
import io.jmreg.api.access.AccessPolicy;
import io.jmreg.api.exceptions.AccessDeniedException;
import io.jmreg.api.exceptions.ErrorKind;
import io.jmreg.api.exceptions.UnauthenticatedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 401 from the real server reaches the remote client's caller as an {@link UnauthenticatedException} of kind
 * {@link ErrorKind#UNAUTHENTICATED}, for an unknown and an expired token, while a known principal the
 * policy refuses still gets an {@link AccessDeniedException}.
 */
class UnauthenticatedClientTest {
    @TempDir
    Path temp;
    private ModelRegistry registry;
    private RegistryServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void aTokenTheServerDoesNotAcceptIsUnauthenticatedNotDenied() throws Exception {
        registry = ModelRegistry.open(RegistryOptions.builder("file:" + temp.resolve("store")).principal("server")
                .cacheDirectory(temp.resolve("cache")).build());
        registry.access().install(AccessPolicy.builder().grant("server", "model_admin").grant("viewer", "viewer")
                .build());
        Path tokenFile = temp.resolve("tokens");
        Files.write(tokenFile, List.of(
                Tokens.line("viewer", "jmr_viewer", false),
                Tokens.line("bob", "jmr_bob", false) + " expires=" + Instant.now().minusSeconds(60)));
        server = RegistryServer.start(ServerOptions.builder(registry, Tokens.load(tokenFile)).port(0)
                .uploadDirectory(temp.resolve("uploads")).stopTimeout(Duration.ofSeconds(2)).build());
        String uri = server.uri().toString();

        record Case(String token, String message) {
        }
        for (Case c : List.of(new Case("jmr_unknown", "the bearer token is not valid"),
                new Case("jmr_bob", "the bearer token has expired"))) {
            try (ModelRegistry client = TestServers.client(uri, c.token(), temp.resolve("c-" + c.token()))) {
                assertThatThrownBy(client::listModels).as(c.token())
                        .isExactlyInstanceOf(UnauthenticatedException.class)
                        .hasMessageContaining(uri).hasMessageContaining(c.message())
                        .satisfies(e -> {
                            UnauthenticatedException u = (UnauthenticatedException) e;
                            assertThat(u.kind()).isEqualTo(ErrorKind.UNAUTHENTICATED);
                            assertThat(u.code()).isEqualTo("unauthenticated");
                        });
            }
        }
        try (ModelRegistry viewer = TestServers.client(uri, "jmr_viewer", temp.resolve("c-viewer"))) {
            assertThat(viewer.listModels()).isEmpty();
            assertThatThrownBy(() -> viewer.access().install(AccessPolicy.builder().grant("viewer", "model_admin")
                    .build())).isInstanceOf(AccessDeniedException.class).isNotInstanceOf(UnauthenticatedException.class)
                    .satisfies(e -> assertThat(((AccessDeniedException) e).kind()).isEqualTo(ErrorKind.DENIED));
        }
    }
}
