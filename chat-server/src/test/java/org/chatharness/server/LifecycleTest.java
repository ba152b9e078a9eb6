package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.chatharness.conformance.client.RawWebSocket;
import org.chatharness.server.config.Timeouts;
import org.chatharness.server.support.Harness;
import org.chatharness.server.support.SocketEnd;
import org.chatharness.server.support.TestClient;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Shutdown, pings and the idle timeout. */
@Timeout(60)
class LifecycleTest {

  @Test
  void stoppingClosesEverySessionWith1001AndRefusesNewOnes() throws Exception {
    ChatServer server = new ChatServer(ServerConfig.forTests()).start();
    WebSocketClient client = new WebSocketClient();
    client.start();
    try {
      TestClient a = TestClient.connect(client, server.webSocketUri());
      TestClient b = TestClient.connect(client, server.webSocketUri().resolve("/rooms/other"));

      long started = System.nanoTime();
      server.stop();

      assertThat(a.awaitClose(Duration.ofSeconds(5))).isTrue();
      assertThat(b.awaitClose(Duration.ofSeconds(5))).isTrue();
      assertThat(a.closeCode()).isEqualTo(1001);
      assertThat(b.closeCode()).isEqualTo(1001);
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("clients that answer the close make shutdown quick")
          .isLessThan(Timeouts.DEFAULTS.shutdown());
    } finally {
      client.stop();
    }
  }

  @Test
  void stoppingDoesNotWaitForeverForAClientThatNeverAnswers() throws Exception {
    ChatServer server =
        new ChatServer(
                ServerConfig.forTests().toBuilder().shutdownTimeout(Duration.ofMillis(500)).build())
            .start();
    try (RawWebSocket mute = RawWebSocket.connect(server.webSocketUri(), 0)) {
      server.stop();
      assertThat(mute.readUntilClose().closeCode()).isEqualTo(1001);
      mute.setReadTimeout(2000);
      assertThat(SocketEnd.reached(mute.input())).as("and then the socket is dropped").isTrue();
    }
  }

  @Test
  void aClientThatAnswersPingsStaysConnectedPastTheIdleTimeout() throws Exception {
    ServerConfig config =
        ServerConfig.forTests().toBuilder()
            .idleTimeout(Duration.ofMillis(800))
            .pingInterval(Duration.ofMillis(200))
            .build();
    try (Harness h = Harness.start(config)) {
      TestClient quiet = h.connect("/");
      assertThat(quiet.awaitClose(Duration.ofMillis(2500)))
          .as("still open after 3 idle timeouts")
          .isFalse();
      quiet.send("still here");
      assertThat(quiet.next()).isEqualTo("still here");
    }
  }

  @Test
  void aClientThatNeverAnswersIsPingedThenClosedWith1001() throws Exception {
    ServerConfig config =
        ServerConfig.forTests().toBuilder()
            .idleTimeout(Duration.ofMillis(800))
            .pingInterval(Duration.ofMillis(200))
            .build();
    try (Harness h = Harness.start(config);
        RawWebSocket mute = RawWebSocket.connect(h.ws("/"), 0)) {
      RawWebSocket.Frame first = mute.read();
      assertThat(first.opcode()).as("the server pings").isEqualTo(RawWebSocket.PING);
      RawWebSocket.Frame close = mute.readUntilClose();
      assertThat(close.closeCode()).isEqualTo(1001);
      h.awaitHealthConnections(0);
    }
  }

  @Test
  void aDeadPeerThatNeverReadsTheCloseIsDropped() throws Exception {
    ServerConfig config =
        ServerConfig.forTests().toBuilder()
            .idleTimeout(Duration.ofMillis(600))
            .pingInterval(Duration.ofMillis(200))
            .build();
    try (Harness h = Harness.start(config);
        RawWebSocket mute = RawWebSocket.connect(h.ws("/"), 0)) {
      h.awaitHealthConnections(0);
      mute.setReadTimeout(2000);
      assertThat(SocketEnd.reached(mute.input())).as("the socket ends").isTrue();
    }
  }
}
