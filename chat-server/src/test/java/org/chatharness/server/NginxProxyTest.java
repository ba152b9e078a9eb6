package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.chatharness.server.http.AddressBlock;
import org.chatharness.server.support.NginxProcess;
import org.chatharness.server.support.TestClient;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat server behind a real nginx that terminates TLS, configured as docs/PROXY.md says. The
 * clients are what a browser would be: a wss connection to nginx with the https page's origin. They
 * connect from 127.0.0.2 and 127.0.0.3, so that nginx (which reaches the server from 127.0.0.1, the
 * trusted proxy) has clients of other addresses to describe.
 */
@Timeout(60)
class NginxProxyTest {
  private static final String CLIENT_A = "127.0.0.2";
  private static final String CLIENT_B = "127.0.0.3";

  @TempDir Path dir;
  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void closeEverything() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  @Test
  void withoutTrustProxyAnHttpsPageBehindNginxIsRefused() throws Exception {
    NginxProcess nginx = serverBehindNginx(ServerConfig.forTests());

    assertThatThrownBy(() -> openFromPage(nginx, CLIENT_A))
        .as("the server sees http://localhost, the page is https://localhost")
        .hasStackTraceContaining("403");
  }

  @Test
  void withTrustProxyAnHttpsPageBehindNginxChats() throws Exception {
    NginxProcess nginx =
        serverBehindNginx(ServerConfig.forTests().toBuilder().trustedProxies(loopback()).build());

    TestClient alice = openFromPage(nginx, CLIENT_A);
    TestClient bob = openFromPage(nginx, CLIENT_B);
    alice.send("over nginx");

    assertThat(alice.next()).as("the sender's own copy").isEqualTo("over nginx");
    assertThat(bob.next()).as("another client of the room").isEqualTo("over nginx");
  }

  @Test
  void behindNginxTheAddressLimitCountsEachClientAndNotNginx() throws Exception {
    NginxProcess nginx =
        serverBehindNginx(
            ServerConfig.forTests().toBuilder()
                .trustedProxies(loopback())
                .maxConnectionsPerAddress(1)
                .build());

    TestClient first = openFromPage(nginx, CLIENT_A);
    first.send("first");
    assertThat(first.next()).isEqualTo("first");

    assertThatThrownBy(() -> openFromPage(nginx, CLIENT_A, "198.51.100.9"))
        .as("a second connection from 127.0.0.2, pretending to be another client")
        .hasStackTraceContaining("429");
    // another client passes, although nginx opened every connection
    openFromPage(nginx, CLIENT_B).awaitOwnEcho();
  }

  private NginxProcess serverBehindNginx(ServerConfig config) throws Exception {
    ChatServer server = new ChatServer(config).start();
    resources.add(server);
    Path nginxDir = Files.createDirectories(dir.resolve("nginx"));
    NginxProcess nginx = NginxProcess.start(nginxDir, server.port());
    resources.add(nginx);
    return nginx;
  }

  /** Trusts nginx, which reaches the server from 127.0.0.1, and no client address. */
  private static List<AddressBlock> loopback() {
    return List.of(AddressBlock.parse("127.0.0.1"));
  }

  private TestClient openFromPage(NginxProcess nginx, String from) throws Exception {
    return openFromPage(nginx, from, null);
  }

  /**
   * A WebSocket of the page {@code https://localhost:PORT/rooms/behind-nginx}, from the local
   * address {@code from}; {@code forgedFor}, when given, is an X-Forwarded-For the client itself
   * sends.
   */
  private TestClient openFromPage(NginxProcess nginx, String from, String forgedFor)
      throws Exception {
    ClientConnector connector = new ClientConnector();
    connector.setSslContextFactory(new SslContextFactory.Client(true));
    connector.setBindAddress(new InetSocketAddress(from, 0));
    WebSocketClient client =
        new WebSocketClient(new HttpClient(new HttpClientTransportOverHTTP(connector)));
    client.start();
    resources.add(client::stop);
    String origin = "https://localhost:" + nginx.port();
    ClientUpgradeRequest request =
        new ClientUpgradeRequest(URI.create("wss://localhost:" + nginx.port() + "/rooms/nginx"));
    request.setHeader("Origin", origin);
    if (forgedFor != null) {
      request.setHeader("X-Forwarded-For", forgedFor);
    }
    return TestClient.connect(client, request);
  }
}
