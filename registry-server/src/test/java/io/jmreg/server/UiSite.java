package io.jmreg.server;

import io.jmreg.api.ModelRegistry;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web UI tests' shared setup: a real server on 127.0.0.1 over a store populated by {@link UiFixture} (with
 * {@code bulk} extra models), and signed-in sessions of it.
 */
final class UiSite implements AutoCloseable {
    private final TestServers servers = new TestServers();
    private final TestServers.Running run;

    private UiSite(Path temp, int bulk) throws Exception {
        this.run = servers.start(temp);
        new UiFixture().populate(run.registry(), temp, bulk);
    }

    static UiSite start(Path temp, int bulk) throws Exception {
        return new UiSite(temp, bulk);
    }

    ModelRegistry registry() {
        return run.registry();
    }

    String base() {
        return run.server().uri();
    }

    /** A session signed in with {@code token} through the sign-in form. */
    WebSession signedIn(String token) throws Exception {
        WebSession s = new WebSession(base());
        assertThat(s.signIn(token).statusCode()).isEqualTo(303);
        return s;
    }

    @Override
    public void close() throws Exception {
        servers.closeAll();
    }
}
