package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.chatharness.server.support.RawWebSocket;
import org.chatharness.server.support.ServerProcess;
import org.chatharness.server.support.TestClient;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One socket that sends pings as fast as it can and never reads cannot exhaust a small server's
 * heap: the real jar in its own process with {@code -Xmx64m}, as an operator would run it.
 */
@Timeout(120)
class PingFloodIT {
  private static final Duration FLOOD_FOR = Duration.ofSeconds(10);
  private static final int PING_PAYLOAD = 125;
  private static final int PINGS_PER_WRITE = 512;

  @Test
  void aSocketFloodingPingsWithoutReadingIsClosedAndTheServerServesOthers() throws Exception {
    try (ServerProcess server =
        ServerProcess.start(List.of("-Xmx64m", "-XX:+ExitOnOutOfMemoryError"), List.of())) {
      RawWebSocket flooder = RawWebSocket.connect(server.webSocketUri(), 4096);
      Flood flood = flood(flooder);
      assertThat(flood.dropped() || closedForPolicy(flooder))
          .as("the flooder is dropped, or told 1008, after %d pings", flood.pings())
          .isTrue();
      flooder.close();
      assertThat(server.isAlive())
          .as("the server survived %d pings; it said %s", flood.pings(), server.output())
          .isTrue();

      WebSocketClient client = new WebSocketClient();
      client.start();
      try {
        TestClient a = TestClient.connect(client, server.webSocketUri());
        TestClient b = TestClient.connect(client, server.webSocketUri());
        a.send("still serving");
        assertThat(b.next()).isEqualTo("still serving");
      } finally {
        client.stop();
      }
      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(server.httpUri().resolve("/health"))
                      .timeout(Duration.ofSeconds(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
    }
  }

  /** How a flood ended: after how many pings, and whether the server dropped the socket. */
  private record Flood(long pings, boolean dropped) {}

  /** Writes masked 125-byte pings as fast as the socket takes them, for {@link #FLOOD_FOR}. */
  private static Flood flood(RawWebSocket flooder) {
    byte[] burst = pings();
    long sent = 0;
    long end = System.nanoTime() + FLOOD_FOR.toNanos();
    try {
      while (System.nanoTime() < end) {
        flooder.sendBytes(burst);
        sent += PINGS_PER_WRITE;
      }
      return new Flood(sent, false);
    } catch (IOException dropped) {
      return new Flood(sent, true);
    }
  }

  /** Whether the socket, read at last, holds a close frame with 1008. */
  private static boolean closedForPolicy(RawWebSocket flooder) {
    try {
      flooder.setReadTimeout(10_000);
      return flooder.readUntilClose().closeCode() == 1008;
    } catch (IOException noCloseFrame) {
      return false;
    }
  }

  /** {@link #PINGS_PER_WRITE} masked ping frames with a 125-byte payload each. */
  private static byte[] pings() {
    byte[] payload = "p".repeat(PING_PAYLOAD).getBytes(StandardCharsets.US_ASCII);
    byte[] mask = {0x11, 0x22, 0x33, 0x44};
    int frame = 2 + 4 + PING_PAYLOAD;
    byte[] burst = new byte[frame * PINGS_PER_WRITE];
    for (int p = 0; p < PINGS_PER_WRITE; p++) {
      int at = p * frame;
      burst[at] = (byte) (0x80 | RawWebSocket.PING);
      burst[at + 1] = (byte) (0x80 | PING_PAYLOAD);
      System.arraycopy(mask, 0, burst, at + 2, 4);
      for (int i = 0; i < PING_PAYLOAD; i++) {
        burst[at + 6 + i] = (byte) (payload[i] ^ mask[i & 3]);
      }
    }
    return burst;
  }
}
