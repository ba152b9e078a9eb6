package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.chatharness.conformance.client.RawWebSocket;
import org.chatharness.server.support.Harness;
import org.chatharness.server.support.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A socket carries one write at a time, and the server writes a client's broadcasts, its pongs, its
 * own pings and close frames all to the same socket. A client that pings, closes or breaks the
 * protocol while megabytes of broadcasts wait for its full socket still reads whole frames in
 * order, every pong, and the close frame the protocol promises, never a cut connection; the other
 * clients notice nothing.
 *
 * <p>The hostile client reads nothing while the room sends it more than any socket buffer here
 * holds (4 MiB at most), so that a write to it is under way the whole time.
 */
@Timeout(120)
class ControlFramesDuringBroadcastTest {
  private static final int MESSAGES = 120;
  private static final int MESSAGE_CHARS = 60_000;
  private static final int PINGS = 10;

  private static ServerConfig config(long queueBytes) {
    return Harness.unthrottled(
        ServerConfig.forTests().toBuilder()
            .outboundQueueBytes(queueBytes)
            // The server's own pings join the mix.
            .pingInterval(Duration.ofMillis(200))
            .build());
  }

  @Test
  void aClientThatPingsWhileItsSocketIsFullGetsEveryPongAndEveryMessageWhole() throws Exception {
    try (Harness h = Harness.start(config(32 << 20));
        RawWebSocket hostile = RawWebSocket.connect(h.ws("/"), 4096)) {
      TestClient sender = h.connect("/");
      for (int i = 0; i < MESSAGES; i++) {
        send(sender, i);
        if (i % (MESSAGES / PINGS) == 0) {
          hostile.send(true, RawWebSocket.PING, ("ping " + i / (MESSAGES / PINGS)).getBytes());
        }
      }

      List<String> pongs = new ArrayList<>();
      int next = 0;
      while (next < MESSAGES || pongs.size() < PINGS) {
        RawWebSocket.Frame frame = hostile.read();
        switch (frame.opcode()) {
          case RawWebSocket.TEXT -> {
            assertThat(frame.fin()).as("a whole message in one frame").isTrue();
            assertThat(number(frame.text())).as("messages in order, none lost").isEqualTo(next);
            assertThat(frame.payload()).hasSize(MESSAGE_CHARS);
            next++;
          }
          case RawWebSocket.PONG -> pongs.add(frame.text());
          case RawWebSocket.PING -> {
            // The server's heartbeat: fine at any place between two frames.
          }
          default -> throw new AssertionError("unexpected frame " + frame.opcode());
        }
      }
      assertThat(pongs)
          .as("every ping answered, in order, with its own data")
          .containsExactly(expectedPongs());

      hostile.sendText("still here");
      assertThat(sender.next()).isEqualTo("still here");
      assertThat(sender.closeCode()).as("the sender noticed nothing").isEqualTo(-1);
    }
  }

  @Test
  void aClientThatClosesWhileItsSocketIsFullGetsWholeMessagesThenTheCloseReply() throws Exception {
    RawWebSocket.Frame close =
        closeAfterFilling(
            32 << 20, hostile -> hostile.send(true, RawWebSocket.CLOSE, closePayload(1000, "bye")));
    assertThat(close.closeCode())
        .as("the close handshake completes after the write in flight")
        .isEqualTo(1000);
  }

  @Test
  void aProtocolErrorWhileItsSocketIsFullIsAnsweredWith1002NotACutConnection() throws Exception {
    // RFC 6455 5.1: a client's frames must be masked.
    RawWebSocket.Frame close =
        closeAfterFilling(
            32 << 20,
            hostile ->
                hostile.sendFrame(
                    true,
                    0,
                    RawWebSocket.TEXT,
                    "unmasked".getBytes(StandardCharsets.UTF_8),
                    false));
    assertThat(close.closeCode()).isEqualTo(1002);
  }

  @Test
  void aClientThatNeverReadsIsToldSlowConsumerAfterTheWriteInFlight() throws Exception {
    RawWebSocket.Frame close = closeAfterFilling(1 << 20, hostile -> {});
    assertThat(close.closeCode()).isEqualTo(1008);
    assertThat(close.closeReason()).isEqualTo("slow consumer");
  }

  /** What the hostile client does once its socket is full. */
  private interface Act {
    void on(RawWebSocket hostile) throws Exception;
  }

  /**
   * Fills the hostile client's socket, lets it {@code act}, and reads what it gets up to the close
   * frame; the sender, reading as it should, must notice nothing.
   */
  private static RawWebSocket.Frame closeAfterFilling(long queueBytes, Act act) throws Exception {
    try (Harness h = Harness.start(config(queueBytes));
        RawWebSocket hostile = RawWebSocket.connect(h.ws("/"), 4096)) {
      TestClient sender = h.connect("/");
      for (int i = 0; i < MESSAGES; i++) {
        send(sender, i);
      }
      act.on(hostile);
      RawWebSocket.Frame close = readWholeMessagesUntilClose(hostile);
      send(sender, MESSAGES);
      assertThat(sender.closeCode()).as("the sender noticed nothing").isEqualTo(-1);
      return close;
    }
  }

  /** Sends message {@code i} and waits for the sender's own copy: it is queued for everyone. */
  private static void send(TestClient sender, int i) throws Exception {
    String text = String.format("%06d ", i);
    sender.send(text + "m".repeat(MESSAGE_CHARS - text.length()));
    assertThat(sender.next()).startsWith(text);
  }

  /**
   * Reads until the close frame: every data frame before it is a whole message of the room, in
   * order; pings may come between. A connection cut without a close frame fails the read.
   */
  private static RawWebSocket.Frame readWholeMessagesUntilClose(RawWebSocket hostile)
      throws Exception {
    int expected = 0;
    while (true) {
      RawWebSocket.Frame frame = hostile.read();
      switch (frame.opcode()) {
        case RawWebSocket.CLOSE -> {
          return frame;
        }
        case RawWebSocket.TEXT -> {
          assertThat(frame.fin()).isTrue();
          assertThat(number(frame.text())).as("in order, from the first").isEqualTo(expected++);
          assertThat(frame.payload()).hasSize(MESSAGE_CHARS);
        }
        case RawWebSocket.PING -> {
          // The heartbeat, between two whole frames.
        }
        default -> throw new AssertionError("unexpected frame " + frame.opcode());
      }
    }
  }

  private static int number(String message) {
    return Integer.parseInt(message.substring(0, 6));
  }

  private static String[] expectedPongs() {
    String[] pongs = new String[PINGS];
    for (int i = 0; i < PINGS; i++) {
      pongs[i] = "ping " + i;
    }
    return pongs;
  }

  private static byte[] closePayload(int code, String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(2 + text.length).putShort((short) code).put(text).array();
  }
}
