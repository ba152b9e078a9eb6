package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.chatharness.server.cli.Main;
import org.chatharness.server.support.TestClient;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** https and wss on one port, from a PKCS12 keystore generated for the test. */
@Timeout(60)
class TlsTest {
  private static final String PASSWORD = "test-password";
  @TempDir static Path dir;
  static Path keystore;

  @BeforeAll
  static void generateKeystore() throws Exception {
    keystore = dir.resolve("server.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process =
        new ProcessBuilder(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "chat",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                PASSWORD)
            .redirectErrorStream(true)
            .start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue())
        .as(new String(process.getInputStream().readAllBytes()))
        .isZero();
  }

  @Test
  void thePageHealthAndChatAreServedOverHttpsAndWssOnOnePort() throws Exception {
    ServerConfig config = ServerConfig.forTests().toBuilder().tls(keystore, PASSWORD).build();
    try (ChatServer server = new ChatServer(config).start()) {
      assertThat(server.webSocketUri().getScheme()).isEqualTo("wss");
      assertThat(server.httpUri().getScheme()).isEqualTo("https");

      ClientConnector connector = new ClientConnector();
      connector.setSslContextFactory(new SslContextFactory.Client(true));
      HttpClient http = new HttpClient(new HttpClientTransportOverHTTP(connector));
      WebSocketClient ws = new WebSocketClient(http);
      ws.start();
      try {
        ContentResponse health = http.GET(server.httpUri().resolve("/health"));
        assertThat(health.getStatus()).isEqualTo(200);
        assertThat(health.getContentAsString()).contains("\"UP\"");
        assertThat(http.GET(server.httpUri()).getContentAsString()).contains("id=\"input\"");

        TestClient a = TestClient.connect(ws, server.webSocketUri());
        TestClient b = TestClient.connect(ws, server.webSocketUri());
        a.send("over tls");
        assertThat(b.next()).isEqualTo("over tls");
      } finally {
        ws.stop();
      }
    }
  }

  @Test
  void thePageOriginOverHttpsIsItsOwnOrigin() throws Exception {
    ServerConfig config = ServerConfig.forTests().toBuilder().tls(keystore, PASSWORD).build();
    try (ChatServer server = new ChatServer(config).start()) {
      ClientConnector connector = new ClientConnector();
      connector.setSslContextFactory(new SslContextFactory.Client(true));
      WebSocketClient ws =
          new WebSocketClient(new HttpClient(new HttpClientTransportOverHTTP(connector)));
      ws.start();
      try {
        var request =
            new org.eclipse.jetty.websocket.client.ClientUpgradeRequest(server.webSocketUri());
        request.setHeader("Origin", "https://127.0.0.1:" + server.port());
        TestClient.connect(ws, request).awaitOwnEcho();
      } finally {
        ws.stop();
      }
    }
  }

  @Test
  void aWrongKeystorePasswordIsAClearStartUpError() {
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new String[] {
              "--port",
              "0",
              "--host",
              "127.0.0.1",
              "--tls-keystore",
              keystore.toString(),
              "--tls-password",
              "wrong"
            },
            new PrintWriter(new StringWriter()),
            new PrintWriter(err, true));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip())
        .doesNotContain("\n")
        .startsWith("chat-server: cannot start")
        .contains("keystore");
  }

  @Test
  void aMissingKeystoreIsAUsageError() {
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new String[] {
              "--tls-keystore", dir.resolve("missing.p12").toString(), "--tls-password", "x"
            },
            new PrintWriter(new StringWriter()),
            new PrintWriter(err, true));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("cannot read the TLS keystore");
    assertThat(Files.exists(dir.resolve("missing.p12"))).isFalse();
    assertThat(List.of(code)).containsExactly(2);
  }
}
