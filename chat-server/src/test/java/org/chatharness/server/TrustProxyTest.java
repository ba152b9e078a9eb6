package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.chatharness.server.http.AddressBlock;
import org.chatharness.server.support.RawWebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code --trust-proxy}: behind a TLS-terminating proxy, the origin check and the per-address limit
 * see the client as the proxy describes it, and only when the request really comes from a listed
 * proxy. The tests are the proxy: they connect from 127.0.0.1 and send its headers.
 */
@Timeout(30)
class TrustProxyTest {
  private static final String PAGE_ORIGIN = "https://chat.example.com";
  private static final Map<String, String> TLS_PROXY_HEADERS =
      Map.of(
          "Origin", PAGE_ORIGIN,
          "X-Forwarded-Proto", "https",
          "X-Forwarded-Host", "chat.example.com",
          "X-Forwarded-For", "203.0.113.5");

  private final List<AutoCloseable> opened = new ArrayList<>();
  private ChatServer server;

  @AfterEach
  void closeEverything() throws Exception {
    for (AutoCloseable closeable : opened) {
      closeable.close();
    }
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void aPageServedOverHttpsByAListedProxyMayOpenItsWebSocket() throws Exception {
    start(ServerConfig.forTests().toBuilder().trustedProxies(blocks("127.0.0.1")).build());

    assertThat(chatsThrough(connect(TLS_PROXY_HEADERS)))
        .as("the https page's origin is the server's own as the client sees it")
        .isTrue();
  }

  @Test
  void theStandardForwardedHeaderIsReadToo() throws Exception {
    start(ServerConfig.forTests().toBuilder().trustedProxies(blocks("127.0.0.0/8")).build());

    RawWebSocket socket =
        connect(
            Map.of(
                "Origin",
                "https://chat.example.com:8443",
                "Forwarded",
                "for=203.0.113.5;proto=https;host=\"chat.example.com:8443\""));

    assertThat(chatsThrough(socket)).as("RFC 7239 proto and host with a port").isTrue();
  }

  @Test
  void anIpv6HostTheProxyNamesIsComparedWithTheOriginToo() throws Exception {
    start(ServerConfig.forTests().toBuilder().trustedProxies(blocks("127.0.0.1")).build());

    RawWebSocket socket =
        connect(
            Map.of(
                "Origin", "https://[2001:db8::7]:8443",
                "X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "[2001:db8::7]:8443"));

    assertThat(chatsThrough(socket)).isTrue();
  }

  @Test
  void aListedProxyGetsThePageAndHealthAsAnyClientDoes() throws Exception {
    start(ServerConfig.forTests().toBuilder().trustedProxies(blocks("127.0.0.1")).build());
    HttpClient http = HttpClient.newHttpClient();

    for (String path : new String[] {"/", "/rooms/proxied", "/health"}) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                  .header("X-Forwarded-Proto", "https")
                  .header("X-Forwarded-Host", "chat.example.com")
                  .header("X-Forwarded-For", "203.0.113.5")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(path).isEqualTo(200);
    }
  }

  @Test
  void withoutTrustProxyTheForwardedHeadersAreIgnored() throws Exception {
    start(ServerConfig.forTests());

    assertThatThrownBy(() -> connect(TLS_PROXY_HEADERS))
        .as("off by default: the server compares the origin with what it saw itself")
        .hasMessageContaining("403");
  }

  @Test
  void headersFromAnAddressThatIsNotAListedProxyAreIgnored() throws Exception {
    start(ServerConfig.forTests().toBuilder().trustedProxies(blocks("10.0.0.0/8", "::1")).build());

    assertThatThrownBy(() -> connect(TLS_PROXY_HEADERS))
        .as("127.0.0.1 is not listed, so anything it claims is its own word")
        .hasMessageContaining("403");
  }

  @Test
  void aClientThatIsNotAListedProxyCannotDodgeTheAddressLimitWithForgedHeaders() throws Exception {
    start(
        ServerConfig.forTests().toBuilder()
            .trustedProxies(blocks("10.0.0.0/8"))
            .maxConnectionsPerAddress(2)
            .build());

    chatsThrough(connect(Map.of("X-Forwarded-For", "198.51.100.1")));
    chatsThrough(connect(Map.of("X-Forwarded-For", "198.51.100.2")));

    assertThatThrownBy(() -> connect(Map.of("X-Forwarded-For", "198.51.100.3")))
        .as("all three come from 127.0.0.1, whatever they say")
        .hasMessageContaining("429");
  }

  @Test
  void theAddressLimitCountsEachClientBehindAListedProxyOnItsOwn() throws Exception {
    start(
        ServerConfig.forTests().toBuilder()
            .trustedProxies(blocks("127.0.0.1"))
            .maxConnectionsPerAddress(2)
            .build());

    chatsThrough(connect(Map.of("X-Forwarded-For", "203.0.113.5")));
    chatsThrough(connect(Map.of("X-Forwarded-For", "203.0.113.5")));

    assertThatThrownBy(() -> connect(Map.of("X-Forwarded-For", "203.0.113.5")))
        .as("a third connection of the same client")
        .hasMessageContaining("429");
    assertThat(chatsThrough(connect(Map.of("X-Forwarded-For", "203.0.113.6"))))
        .as("another client behind the same proxy is not held back by the first")
        .isTrue();
  }

  @Test
  void aClientCannotChooseItsAddressByWritingItIntoTheHeaderTheProxyAppendsTo() throws Exception {
    start(
        ServerConfig.forTests().toBuilder()
            .trustedProxies(blocks("127.0.0.1"))
            .maxConnectionsPerAddress(1)
            .build());

    chatsThrough(connect(Map.of("X-Forwarded-For", "203.0.113.5")));

    // The client sent "X-Forwarded-For: 198.51.100.9"; the proxy appended the address it saw.
    assertThatThrownBy(() -> connect(Map.of("X-Forwarded-For", "198.51.100.9, 203.0.113.5")))
        .as("the client is the rightmost address no listed proxy added")
        .hasMessageContaining("429");
  }

  private void start(ServerConfig config) throws Exception {
    server = new ChatServer(config).start();
  }

  private RawWebSocket connect(Map<String, String> headers) throws IOException {
    URI room = URI.create("ws://127.0.0.1:" + server.port() + "/rooms/proxied");
    RawWebSocket socket = RawWebSocket.connect(room, 0, headers);
    opened.add(socket);
    return socket;
  }

  /**
   * Whether the socket's own message comes back to it: the connection is open and in its room, as a
   * client can tell.
   */
  private static boolean chatsThrough(RawWebSocket socket) throws IOException {
    String text = "hello " + System.nanoTime();
    socket.sendText(text);
    RawWebSocket.Frame frame = socket.read();
    return frame.opcode() == RawWebSocket.TEXT && frame.text().equals(text);
  }

  private static List<AddressBlock> blocks(String... texts) {
    return Arrays.stream(texts).map(AddressBlock::parse).toList();
  }
}
