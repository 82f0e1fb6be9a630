package io.jmreg.server;

import io.jmreg.api.exceptions.RegistryException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HTTPS from PEM files: a self-signed certificate made by the JDK's keytool, a client that trusts only it. */
class TlsServerTest {
    @TempDir
    static Path keys;
    @TempDir
    Path temp;
    private static Path certPem;
    private static Path keyPem;
    private static SSLContext trusting;
    private final TestServers servers = new TestServers();

    @BeforeAll
    static void selfSignedCertificate() throws Exception {
        Path store = keys.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit").redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as(out).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        Certificate cert = ks.getCertificate("server");
        Base64.Encoder pem = Base64.getMimeEncoder(64, "\n".getBytes());
        certPem = Files.writeString(keys.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\n"
                + pem.encodeToString(cert.getEncoded()) + "\n-----END CERTIFICATE-----\n");
        keyPem = Files.writeString(keys.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + pem.encodeToString(ks.getKey("server", "changeit".toCharArray()).getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, tmf.getTrustManagers(), null);
    }

    @AfterEach
    void stop() throws Exception {
        servers.closeAll();
    }

    @Test
    void servesHttpsWithSecureCookiesAndRefusesPlainHttp() throws Exception {
        TestServers.Running running = servers.start(temp, b -> b.tls(certPem, keyPem));
        String uri = running.server().uri();
        assertThat(uri).startsWith("https://127.0.0.1:");
        HttpClient client = HttpClient.newBuilder().sslContext(trusting).build();
        HttpResponse<String> models = client.send(HttpRequest.newBuilder(URI.create(uri + "/api/v1/models"))
                .header("Authorization", "Bearer " + TestServers.ALICE_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(models.statusCode()).as(models.body()).isEqualTo(200);
        HttpResponse<String> signIn = client.send(HttpRequest.newBuilder(URI.create(uri + "/signin")).build(),
                HttpResponse.BodyHandlers.ofString());
        List<String> cookies = signIn.headers().allValues("Set-Cookie");
        assertThat(cookies).as(signIn.statusCode() + " " + signIn.body()).isNotEmpty()
                .allSatisfy(c -> assertThat(c).contains("; Secure"));
        String plain = uri.replace("https://", "http://");
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(plain + "/api/v1/models"))
                .header("Authorization", "Bearer " + TestServers.ALICE_TOKEN).build(), HttpResponse.BodyHandlers.ofString()))
                .as("plain HTTP on the TLS port").isInstanceOf(IOException.class);
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(uri + "/api/v1/models"))
                .build(), HttpResponse.BodyHandlers.ofString()))
                .as("a client that does not trust the certificate").isInstanceOf(IOException.class);
    }

    @Test
    void aKeyThatIsNotPkcs8IsRefusedWithTheFix() throws Exception {
        Path notKey = Files.writeString(temp.resolve("rsa.pem"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n"
                + "-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> servers.start(temp, b -> b.tls(certPem, notKey))).isInstanceOf(RegistryException.class)
                .hasMessageContaining("PKCS#8").hasMessageContaining("openssl pkcs8");
        assertThatThrownBy(() -> servers.start(temp, b -> b.tls(certPem, null))).isInstanceOf(RegistryException.class)
                .hasMessageContaining("both a certificate and a private key");
    }
}
