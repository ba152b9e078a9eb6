package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.chatharness.server.support.Harness;
import org.chatharness.server.support.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The page, its assets, /health, and clean answers to requests that are not WebSockets. */
@Timeout(30)
class HttpTest {

  @Test
  void thePageIsServedAtTheRootAsHtml() throws Exception {
    try (Harness h = Harness.start(ServerConfig.forTests())) {
      HttpResponse<String> page = h.get("/");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type"))
          .get()
          .asString()
          .startsWith("text/html");
      assertThat(page.body()).contains("id=\"input\"", "id=\"btn\"", "id=\"list\"");
    }
  }

  @Test
  void aRoomPathServesTheSamePage() throws Exception {
    try (Harness h = Harness.start(ServerConfig.forTests())) {
      assertThat(h.get("/rooms/red").body()).isEqualTo(h.get("/").body());
    }
  }

  @Test
  void assetsHaveTheirContentTypes() throws Exception {
    try (Harness h = Harness.start(ServerConfig.forTests())) {
      HttpResponse<String> script = h.get("/app.js");
      assertThat(script.statusCode()).isEqualTo(200);
      assertThat(script.headers().firstValue("Content-Type"))
          .get()
          .asString()
          .contains("javascript");
      HttpResponse<String> css = h.get("/chat.css");
      assertThat(css.headers().firstValue("Content-Type")).get().asString().startsWith("text/css");
    }
  }

  @Test
  void unknownPathsGet404AndOtherMethods405() throws Exception {
    try (Harness h = Harness.start(ServerConfig.forTests())) {
      assertThat(h.get("/no-such-file").statusCode()).isEqualTo(404);
      HttpResponse<String> post =
          h.send(
              HttpRequest.newBuilder(h.http("/"))
                  .POST(HttpRequest.BodyPublishers.ofString("hello"))
                  .build());
      assertThat(post.statusCode()).isEqualTo(405);
      assertThat(post.headers().firstValue("Allow")).contains("GET, HEAD");
    }
  }

  @Test
  void healthReportsStatusAndOpenConnections() throws Exception {
    try (Harness h = Harness.start(ServerConfig.forTests())) {
      assertThat(h.get("/health").body())
          .isEqualToIgnoringWhitespace("{\"status\":\"UP\",\"connections\":0}");
      TestClient a = h.connect("/");
      TestClient b = h.connect("/rooms/x");
      HttpResponse<String> health = h.get("/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.headers().firstValue("Content-Type")).contains("application/json");
      assertThat(health.body())
          .isEqualToIgnoringWhitespace("{\"status\":\"UP\",\"connections\":2}");
      a.close();
      b.close();
      assertThat(a.awaitClose(Duration.ofSeconds(5))).isTrue();
    }
  }

  @Test
  void aBrokenHandshakeGets400AndAWrongVersion426() throws Exception {
    try (Harness h = Harness.start(ServerConfig.forTests())) {
      // java.net.http forbids setting Upgrade, so speak HTTP on a socket.
      assertThat(
              rawRequest(
                  h,
                  "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      + "Sec-WebSocket-Version: 13\r\nConnection: close\r\n\r\n"))
          .startsWith("HTTP/1.1 400");
      assertThat(
              rawRequest(
                  h,
                  "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n"))
          .startsWith("HTTP/1.1 426")
          .containsIgnoringCase("Sec-WebSocket-Version: 13");
    }
  }

  @Test
  void anInvalidRoomNameIsRefusedBeforeTheUpgrade() throws Exception {
    try (Harness h = Harness.start(ServerConfig.forTests())) {
      assertThat(
              rawRequest(
                  h,
                  "GET /rooms/..%2Fetc HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"))
          .matches("HTTP/1.1 (400|404)[\\s\\S]*");
      assertThat(
              rawRequest(
                  h,
                  "GET /rooms/"
                      + "a".repeat(65)
                      + " HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                      + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"))
          .startsWith("HTTP/1.1 404");
    }
  }

  private static String rawRequest(Harness h, String request) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", h.server.port())) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      byte[] buffer = new byte[4096];
      int n = socket.getInputStream().read(buffer);
      return new String(buffer, 0, Math.max(n, 0), java.nio.charset.StandardCharsets.US_ASCII);
    }
  }
}
