package io.jmreg.server;

import io.jmreg.api.ModelRegistry;
import io.jmreg.api.Registration;
import io.jmreg.api.audit.AuditEntry;
import io.jmreg.api.audit.AuditQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every file a server serves is audited, also when the server's own pull cache held it (the bytes leave the host). */
class ServedDownloadAuditTest {
    @TempDir
    Path temp;
    private final TestServers servers = new TestServers();

    @AfterEach
    void stop() throws Exception {
        servers.closeAll();
    }

    @Test
    void aDownloadServedFromTheServersCacheIsAuditedAsTheCallers() throws Exception {
        TestServers.Running running = servers.start(temp);
        Path files = Files.createDirectories(temp.resolve("files"));
        Files.writeString(files.resolve("weights.bin"), "weights");
        running.registry().registerModel(Registration.builder("m").version("1.0.0").artifacts(files).build());
        for (String token : new String[] {TestServers.ALICE_TOKEN, TestServers.BOB_TOKEN}) {
            try (ModelRegistry client = TestServers.client(running.server().uri(), token, temp.resolve(token));
                 InputStream in = client.openArtifact("m:1.0.0", "weights.bin")) {
                assertThat(in.readAllBytes()).asString().isEqualTo("weights");
            }
        }
        assertThat(running.registry().audit().query(AuditQuery.all().action("open_artifact")))
                .as("alice's download filled the server's cache; bob's came from it")
                .extracting(AuditEntry::principal).containsExactly("alice", "bob");
    }
}
