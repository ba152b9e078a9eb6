package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.chatharness.conformance.client.RawWebSocket;
import org.chatharness.server.support.Harness;
import org.chatharness.server.support.SocketEnd;
import org.chatharness.server.support.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client the server closes for what it sent learns why even if it goes on sending: the server
 * waits for the client's answer to its close frame before it closes the socket (RFC 6455 7.1.1), as
 * it does for a normal close. A socket closed while the client's frames still arrive is reset, and
 * a reset throws away whatever the client had not read yet, the close frame with its code included:
 * the client would see 1006 instead of 1008.
 */
@Timeout(60)
class CloseHandshakeTest {
  private static final byte[] NORMAL_CLOSURE = {0x03, (byte) 0xE8};

  @Test
  void aFlooderThatGoesOnSendingAfterItsCloseStillReadsTheCloseAndCanAnswerIt() throws Exception {
    ServerConfig config = ServerConfig.forTests().toBuilder().rateLimit(1, 5).build();
    try (Harness h = Harness.start(config)) {
      TestClient bystander = h.connect("/");
      for (int attempt = 0; attempt < 5; attempt++) {
        try (RawWebSocket flooder = RawWebSocket.connect(h.ws("/"), 0)) {
          for (int i = 0; i < 10; i++) {
            flooder.sendText("flood " + attempt + "." + i);
          }
          // Still sending, as a client that has not read the close yet does.
          for (int i = 0; i < 5; i++) {
            Thread.sleep(attempt);
            flooder.sendText("still sending " + i);
          }
          RawWebSocket.Frame close = flooder.readUntilClose();
          assertThat(close.closeCode()).as("attempt %d", attempt).isEqualTo(1008);
          assertThat(reason(close)).isEqualTo("rate limit exceeded");

          answerLateAndSeeTheEnd(flooder);
        }
      }
      TestClient other = h.connect("/");
      other.send("the others are undisturbed");
      String seen;
      do {
        seen = bystander.next();
      } while (seen.startsWith("flood "));
      assertThat(seen).isEqualTo("the others are undisturbed");
    }
  }

  @Test
  void aClientSendingBinaryAndMoreIsToldWith1003() throws Exception {
    try (Harness h = Harness.start(ServerConfig.forTests());
        RawWebSocket client = RawWebSocket.connect(h.ws("/"), 0)) {
      client.send(true, RawWebSocket.BINARY, new byte[] {1, 2, 3});
      for (int i = 0; i < 5; i++) {
        Thread.sleep(2);
        client.send(true, RawWebSocket.BINARY, new byte[] {4, 5, 6});
        client.sendText("text after the binary " + i);
      }
      RawWebSocket.Frame close = client.readUntilClose();
      assertThat(close.closeCode()).isEqualTo(1003);
      answerLateAndSeeTheEnd(client);
    }
  }

  /**
   * The socket stays open until the client answers the close: a frame the client writes a while
   * after reading the close is not reset (the pauses are the client's dawdling, not a wait for the
   * server). Once it answers, the server ends the socket.
   */
  private static void answerLateAndSeeTheEnd(RawWebSocket client) throws Exception {
    Thread.sleep(100);
    client.sendText("sent before it answers the close");
    Thread.sleep(50);
    client.send(true, RawWebSocket.CLOSE, NORMAL_CLOSURE);
    assertThat(client.input().read())
        .as("the server closes the socket once the client has answered")
        .isEqualTo(-1);
  }

  @Test
  void aClientThatNeverAnswersTheCloseIsCutOffAfterThePingInterval() throws Exception {
    Duration ping = Duration.ofMillis(400);
    ServerConfig config =
        ServerConfig.forTests().toBuilder()
            .rateLimit(1, 5)
            .pingInterval(ping)
            .idleTimeout(Duration.ofSeconds(5))
            .build();
    try (Harness h = Harness.start(config);
        RawWebSocket flooder = RawWebSocket.connect(h.ws("/"), 0)) {
      for (int i = 0; i < 10; i++) {
        flooder.sendText("flood " + i);
      }
      assertThat(flooder.readUntilClose().closeCode()).isEqualTo(1008);
      long closedAt = System.nanoTime();
      flooder.setReadTimeout(10_000);
      assertThat(SocketEnd.reached(flooder.input()))
          .as("the socket ends without a close answer")
          .isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - closedAt))
          .as("held at most about two ping intervals")
          .isLessThan(Duration.ofSeconds(5));
    }
  }

  private static String reason(RawWebSocket.Frame close) {
    byte[] payload = close.payload();
    return new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
  }
}
