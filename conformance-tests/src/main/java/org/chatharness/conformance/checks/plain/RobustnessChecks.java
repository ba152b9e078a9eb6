package org.chatharness.conformance.checks.plain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.chatharness.conformance.Bounds;
import org.chatharness.conformance.Clients;
import org.chatharness.conformance.Target;
import org.chatharness.conformance.TargetResolver;
import org.chatharness.conformance.checks.Bursts;
import org.chatharness.conformance.checks.PlainRoom;
import org.chatharness.conformance.checks.Profiles;
import org.chatharness.conformance.client.PlainClient;
import org.chatharness.conformance.client.RawWebSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Clients that misbehave at the transport level do not disturb the others. */
@Tag(Profiles.PLAIN)
@ExtendWith(TargetResolver.class)
@Timeout(120)
class RobustnessChecks {
  // Past the socket buffers of both ends on any common OS (a few MiB on loopback), so a server
  // that waits for the slowest client would be seen waiting.
  private static final long NEVER_READ_VOLUME = 8L * 1024 * 1024;
  private static final int NEVER_READ_MESSAGE = 60 * 1024;
  private static final int SMALL_RECEIVE_BUFFER = 4096;
  private static final int STEP_MESSAGES = 4;

  @Test
  @DisplayName(
      "clients cut off abruptly (reset mid-frame, mid-handshake, without a close) do not disturb the"
          + " others")
  void clientsCutOffAbruptlyDoNotDisturbTheOthers(Clients clients) throws Exception {
    PlainRoom room = new PlainRoom(clients);
    List<PlainClient> members = room.joinReady(2);
    URI socket = clients.target().socketUri();

    resetDuringTheHandshake(socket);
    RawWebSocket silent = clients.raw();
    silent.abort();
    RawWebSocket halfHeader = clients.raw();
    halfHeader.sendBytes(new byte[] {(byte) 0x81});
    halfHeader.abort();
    RawWebSocket halfPayload = clients.raw();
    // A masked text frame announcing 1,000 bytes, of which 10 come.
    halfPayload.sendBytes(new byte[] {(byte) 0x81, (byte) (0x80 | 126), 0x03, (byte) 0xE8});
    halfPayload.sendBytes(
        new byte[] {1, 2, 3, 4, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'});
    halfPayload.close();
    PlainClient aborted = room.join();
    aborted.send(room.text("a message from a client about to vanish"));
    aborted.abort();

    String after = room.text("after the cut-offs");
    members.get(0).send(after);
    for (PlainClient member : clients.target().echo() ? members : members.subList(1, 2)) {
      assertThat(room.receiveUntil(member, after))
          .as("a client that stayed receives the next message")
          .endsWith(after);
      assertThat(member.closedNow()).as("a client that stayed is still connected").isNull();
    }
    assertThat(room.joinReady(2)).as("new clients still join and receive").hasSize(2);
  }

  private static void resetDuringTheHandshake(URI socket) throws Exception {
    try (Socket tcp = new Socket()) {
      tcp.connect(
          new InetSocketAddress(socket.getHost(), socket.getPort() > 0 ? socket.getPort() : 80),
          (int) Bounds.CONNECT.toMillis());
      OutputStream out = tcp.getOutputStream();
      out.write(
          ("GET "
                  + socket.getRawPath()
                  + " HTTP/1.1\r\nHost: "
                  + socket.getHost()
                  + "\r\nUpgrade: websocket\r\nConn")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      tcp.setSoLinger(true, 0);
    }
  }

  @Test
  @DisplayName(
      "a client that never reads does not stall the others: 8 MiB later they have everything, and"
          + " the server still serves")
  void aClientThatNeverReadsDoesNotStallTheOthers(Clients clients) throws Exception {
    Target target = clients.target();
    PlainRoom room = new PlainRoom(clients);
    clients.raw(target.socketUri(), SMALL_RECEIVE_BUFFER, null);
    PlainClient listener = room.joinReady(1).get(0);
    int size =
        target.maxMessageSize() == 0
            ? NEVER_READ_MESSAGE
            : (int) Math.min(NEVER_READ_MESSAGE, target.maxMessageSize());
    int count = (int) (NEVER_READ_VOLUME / size) + 1;
    String filler = "n".repeat(size - 32);
    List<String> texts =
        IntStream.rangeClosed(1, count)
            .mapToObj(n -> room.text(String.format("%06d ", n)) + filler)
            .toList();
    List<List<String>> runs = Bursts.split(texts, target.sendBudget());

    // In steps the others can take as fast as they read: only the one that never reads falls
    // behind, and a server must not make them wait for it.
    for (List<String> run : runs) {
      PlainClient sender = room.sender();
      for (List<String> step : Bursts.split(run, STEP_MESSAGES)) {
        for (String text : step) {
          sender.send(text);
        }
        assertThat(receiveFrom(room, listener, step, sender))
            .as("the listener keeps receiving")
            .containsExactlyElementsOf(step);
      }
    }

    assertThat(clients.get(target.pageUri()).statusCode())
        .as("the page still answers")
        .isEqualTo(200);
    List<PlainClient> fresh = new PlainRoom(clients).joinReady(2);
    assertThat(fresh).as("new clients still join and receive").hasSize(2);
  }

  /** {@code step} at the listener; when it does not all come, says so naming the sender's close. */
  private static List<String> receiveFrom(
      PlainRoom room, PlainClient listener, List<String> step, PlainClient sender)
      throws InterruptedException {
    try {
      return room.receiveAllFrom(listener, step);
    } catch (AssertionError missing) {
      PlainClient.Closed closed = sender.closedNow();
      if (closed == null) {
        throw missing;
      }
      throw new AssertionError(
          missing.getMessage()
              + "; the sender had been closed with "
              + closed.code()
              + " \""
              + closed.reason()
              + "\""
              + (closed.code() == 1008 ? " (" + Target.RATE_LIMIT_HINT + ")" : ""),
          missing);
    }
  }
}
