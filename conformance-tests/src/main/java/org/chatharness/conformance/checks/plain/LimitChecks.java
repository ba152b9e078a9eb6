package org.chatharness.conformance.checks.plain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.chatharness.conformance.Bounds;
import org.chatharness.conformance.Clients;
import org.chatharness.conformance.Target;
import org.chatharness.conformance.TargetResolver;
import org.chatharness.conformance.checks.CloseWhileSending;
import org.chatharness.conformance.checks.PlainRoom;
import org.chatharness.conformance.checks.Profiles;
import org.chatharness.conformance.client.PlainClient;
import org.chatharness.conformance.client.RawWebSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The limits a server declares ({@code chat.maxMessageSize}, {@code chat.rateLimit}) are answered
 * with the close codes of RFC 6455 and docs/PROTOCOL.md, and only the offender is affected.
 */
@Tag(Profiles.PLAIN)
@ExtendWith(TargetResolver.class)
@Timeout(120)
class LimitChecks {

  @Test
  @DisplayName("a message over the declared size limit is refused with close 1009")
  void aMessageOverTheSizeLimitIsClosedWith1009(Clients clients) throws Exception {
    long limit = clients.target().maxMessageSize();
    assumeTrue(limit > 0, "the server declares no message size limit (chat.maxMessageSize none)");
    RawWebSocket raw = clients.raw();
    // Read while writing: a server may refuse on the frame's header, long before its end.
    CompletableFuture<RawWebSocket.Frame> close = readCloseAsync(raw);
    try {
      raw.sendFilled(RawWebSocket.TEXT, limit + 1, (byte) 'o');
    } catch (IOException closedWhileWriting) {
      // the server refused before the whole message was written: the close frame says how
    }

    RawWebSocket.Frame frame = close.get(Bounds.CLOSE.toMillis() * 2, TimeUnit.MILLISECONDS);
    assertThat(frame.closeCode())
        .as("close code for a message of %d bytes (limit %d)", limit + 1, limit)
        .isEqualTo(1009);
  }

  private static CompletableFuture<RawWebSocket.Frame> readCloseAsync(RawWebSocket raw) {
    CompletableFuture<RawWebSocket.Frame> close = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                close.complete(raw.readUntilClose());
              } catch (IOException e) {
                close.completeExceptionally(
                    new AssertionError(
                        "no close frame from the server (" + e + "): it accepted the message", e));
              }
            },
            "close-reader");
    reader.setDaemon(true);
    reader.start();
    return close;
  }

  @Test
  @DisplayName(
      "a plain client that goes on sending after it went over the rate limit reads the 1008"
          + " undisturbed: the socket stays open until the client answers the close")
  void aFlooderStillSendingReadsTheClose(Clients clients) throws Exception {
    Target.RateLimit limit = clients.target().rateLimit();
    assumeTrue(limit != null, "the server declares no rate limit (chat.rateLimit)");
    PlainRoom room = new PlainRoom(clients);
    for (int attempt = 1; attempt <= 3; attempt++) {
      String label = "try " + attempt;
      RawWebSocket.Frame close =
          CloseWhileSending.sendOnAndReadTheClose(
              clients.raw(), limit.burst() + 5, n -> room.text(label + " flood " + n), label);
      assertThat(close.closeCode()).as("close code, %s", label).isEqualTo(1008);
    }
  }

  @Test
  @DisplayName(
      "a plain client sending over the declared rate limit is closed with 1008, what it sent over"
          + " the limit is not broadcast, the others are undisturbed")
  void aPlainClientOverTheRateLimitIsClosedWith1008(Clients clients) throws Exception {
    Target.RateLimit limit = clients.target().rateLimit();
    assumeTrue(limit != null, "the server declares no rate limit (chat.rateLimit)");
    PlainRoom room = new PlainRoom(clients);
    List<PlainClient> members = room.joinReady(2);
    PlainClient flooder = members.get(0);
    PlainClient listener = members.get(1);
    List<String> flood = new ArrayList<>();
    long started = System.nanoTime();
    for (int n = 1; n <= limit.burst() * 2 + 10; n++) {
      String text = room.text("flood " + n);
      try {
        flooder.send(text);
      } catch (IOException closed) {
        break;
      }
      flood.add(text);
    }
    double seconds = (System.nanoTime() - started) / 1e9;

    PlainClient.Closed closed = flooder.awaitClose(Bounds.CLOSE);
    assertThat(closed).as("the flooding client is closed").isNotNull();
    assertThat(closed.code()).as("close code of the flooding client").isEqualTo(1008);
    String after = room.mark("after the flood");
    List<String> delivered = room.receiveUntil(listener, after);
    long allowed = limit.burst() + (long) Math.ceil(limit.perSecond() * seconds) + 1;
    assertThat(delivered.size() - 1)
        .as("flood messages broadcast, at most the burst and what the rate allowed meanwhile")
        .isBetween(Math.min(limit.burst(), flood.size()), (int) allowed);
    assertThat(listener.closedNow()).as("the other client is still connected").isNull();
  }
}
