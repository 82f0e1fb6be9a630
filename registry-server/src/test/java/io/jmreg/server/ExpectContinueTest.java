package io.jmreg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jmreg.api.Registration;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Expect: 100-continue} with a declared body beyond the limit is answered 413 at once, never 100 Continue. */
class ExpectContinueTest {
    private static final long MAX_UPLOAD = 1L << 20;
    @TempDir
    Path temp;
    private final TestServers servers = new TestServers();
    private TestServers.Running running;

    @BeforeEach
    void start() {
        running = servers.start(temp, b -> b.maxUploadBytes(MAX_UPLOAD).maxJsonBytes(16 * 1024));
        running.registry().registerModel(Registration.builder("m").version("1.0.0").build());
    }

    @AfterEach
    void stop() throws Exception {
        servers.closeAll();
    }

    /** The head of the first response to {@code method path} declaring {@code length} bytes, sending none. */
    private String firstResponse(String method, String path, long length) throws Exception {
        try (Socket s = new Socket("127.0.0.1", running.server().port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + TestServers.ADMIN_TOKEN + "\r\nContent-Type: application/json\r\nContent-Length: " + length
                    + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            try {
                while (!head.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    head.write(b);
                }
            } catch (SocketTimeoutException e) {
                // nothing more: whatever came is the answer
            }
            return head.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void anUploadAboveTheLimitIs413WithoutContinue() throws Exception {
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(running.server().uri() + "/api/v1/uploads"))
                .header("Authorization", "Bearer " + TestServers.ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        String id = new ObjectMapper().readTree(created.body()).path("id").asText();
        String head = firstResponse("PUT", "/api/v1/uploads/" + id + "/files/weights.bin", MAX_UPLOAD + 1);
        assertThat(head).startsWith("HTTP/1.1 413").doesNotContain("100 Continue");
    }

    @Test
    void aJsonBodyAboveTheLimitIs413WithoutContinue() throws Exception {
        String head = firstResponse("POST", "/api/v1/models/m/versions/1.0.0/metrics", 1L << 30);
        assertThat(head).startsWith("HTTP/1.1 413").doesNotContain("100 Continue");
    }
}
