package io.jmreg.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code jmreg serve --tls-cert --tls-key --trusted-proxy}: HTTPS, the forwarded client in the access log. */
class CliServeTlsIT {
    @TempDir
    Path temp;

    @Test
    void servesHttpsAndLogsTheForwardedClientOfATrustedProxy() throws Exception {
        Path store = temp.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=ip:127.0.0.1", "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit").redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(out).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        Certificate cert = ks.getCertificate("server");
        Base64.Encoder pem = Base64.getMimeEncoder(64, "\n".getBytes());
        Path certPem = Files.writeString(temp.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\n"
                + pem.encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n");
        Path keyPem = Files.writeString(temp.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + pem.encodeToString(ks.getKey("server", "changeit".toCharArray()).getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext trusting = SSLContext.getInstance("TLS");
        trusting.init(null, tmf.getTrustManagers(), null);

        Launcher jmreg = new Launcher();
        jmreg.env.put("REGISTRY_URI", "file:" + temp.resolve("store"));
        jmreg.env.put("REGISTRY_CACHE", temp.resolve("cache").toString());
        jmreg.run("init").ok();
        Path tokens = temp.resolve("tokens");
        String token = jmreg.run("-q", "token", "alice", "--append", tokens.toString()).ok().out().strip();
        jmreg.run("serve", "--tokens", tokens.toString(), "--tls-cert", certPem.toString()).fails(ExitCodes.USAGE,
                "--tls-cert and --tls-key go together");
        jmreg.run("serve", "--tokens", tokens.toString(), "--trusted-proxy", "proxy.example").fails(ExitCodes.USAGE,
                "proxy.example");

        ProcessBuilder pb = new ProcessBuilder(Launcher.PATH.toString(), "serve", "--tokens", tokens.toString(), "--port",
                "0", "--no-ui", "--tls-cert", certPem.toString(), "--tls-key", keyPem.toString(), "--trusted-proxy",
                "127.0.0.0/8");
        pb.environment().keySet().removeIf(k -> k.startsWith("REGISTRY_") || k.startsWith("JMREG_"));
        pb.environment().putAll(jmreg.env);
        Process server = pb.start();
        try {
            BufferedReader err = new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8));
            String line = err.readLine();
            assertThat(line).as("the server's first line").contains("https://127.0.0.1:");
            String uri = line.replaceAll(".* at (https://127\\.0\\.0\\.1:\\d+).*", "$1");
            HttpResponse<String> models = HttpClient.newBuilder().sslContext(trusting).build().send(HttpRequest
                    .newBuilder(URI.create(uri + "/api/v1/models")).header("Authorization", "Bearer " + token)
                    .header("X-Forwarded-For", "203.0.113.9").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(models.statusCode()).as(models.body()).isEqualTo(200);
            String access = err.readLine();
            assertThat(access).as("the access log line").contains("io.jmreg.server.access")
                    .contains("203.0.113.9 alice GET /api/v1/models 200 ").doesNotContain(token);
        } finally {
            server.destroy();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
