package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.chatharness.server.support.Harness;
import org.chatharness.server.support.TestClient;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class OriginTest {

  @Test
  void aForeignOriginIsRefusedWith403() throws Exception {
    try (Harness h = Harness.start(ServerConfig.forTests())) {
      assertThatThrownBy(() -> connect(h, "http://evil.example"))
          .hasStackTraceContaining("403 Forbidden");
      assertThat(h.get("/health").body()).contains("\"connections\":0");
    }
  }

  @Test
  void theServersOwnOriginAndClientsWithoutOriginAreAccepted() throws Exception {
    try (Harness h = Harness.start(ServerConfig.forTests())) {
      String own = "http://127.0.0.1:" + h.server.port();
      TestClient browser = connect(h, own);
      TestClient tool = h.connect("/");
      tool.send("hi");
      assertThat(browser.next()).isEqualTo("hi");
    }
  }

  @Test
  void sameHostOnAnotherPortIsAForeignOrigin() throws Exception {
    try (Harness h = Harness.start(ServerConfig.forTests())) {
      String other = "http://127.0.0.1:" + (h.server.port() == 1 ? 2 : h.server.port() - 1);
      assertThatThrownBy(() -> connect(h, other)).hasStackTraceContaining("403 Forbidden");
    }
  }

  @Test
  void anAllowlistReplacesTheSameOriginRule() throws Exception {
    ServerConfig config =
        ServerConfig.forTests().toBuilder()
            .allowedOrigins(List.of("https://chat.example.com"))
            .build();
    try (Harness h = Harness.start(config)) {
      connect(h, "https://chat.example.com").awaitOwnEcho();
      // compared without case or trailing slash
      connect(h, "HTTPS://Chat.Example.com/").awaitOwnEcho();
      assertThatThrownBy(() -> connect(h, "http://127.0.0.1:" + h.server.port()))
          .hasStackTraceContaining("403 Forbidden");
    }
  }

  private static TestClient connect(Harness h, String origin) throws Exception {
    ClientUpgradeRequest request = new ClientUpgradeRequest(h.ws("/"));
    request.setHeader("Origin", origin);
    return TestClient.connect(h.client, request);
  }
}
