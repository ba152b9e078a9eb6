package org.chatharness.conformance.checks.plain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import org.chatharness.conformance.Bounds;
import org.chatharness.conformance.Clients;
import org.chatharness.conformance.Target;
import org.chatharness.conformance.TargetResolver;
import org.chatharness.conformance.checks.PlainRoom;
import org.chatharness.conformance.checks.Profiles;
import org.chatharness.conformance.client.RawWebSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client that has its handshake answer (101) is in the room: a message the server accepts after
 * that moment reaches it. A server that adds clients a moment later loses such messages. The race
 * is short, so both clients are raw sockets (the message is written the moment the 101 is read) and
 * the check tries many times.
 */
@Tag(Profiles.PLAIN)
@ExtendWith(TargetResolver.class)
@Timeout(180)
class FreshClientChecks {
  private static final int ROUNDS = 100;

  @Test
  @DisplayName("a fresh client gets a message another client sends right after its handshake")
  void aFreshClientGetsAMessageSentRightAfterItsHandshake(Clients clients) throws Exception {
    PlainRoom room = new PlainRoom(clients);
    int budget = Math.min(ROUNDS, clients.target().sendBudget());
    RawWebSocket sender = null;
    for (int round = 1; round <= ROUNDS; round++) {
      if ((round - 1) % budget == 0) {
        sender = clients.raw();
      }
      String text = room.text("right after the handshake, round " + round);
      RawWebSocket fresh = clients.raw();

      sender.sendText(text);

      String received = receive(fresh, text);
      if (received == null) {
        String senderClosed = closeOf(sender);
        if (senderClosed != null) {
          throw new AssertionError(
              String.format(
                  "round %d of %d: the sender was closed (%s) before its message reached the fresh"
                      + " client%s",
                  round,
                  ROUNDS,
                  senderClosed,
                  senderClosed.startsWith("1008") ? "; " + Target.RATE_LIMIT_HINT : ""));
        }
      }
      assertThat(received)
          .as(
              "round %d of %d: the message another client sent as soon as this client's handshake"
                  + " completed (waited %s)",
              round, ROUNDS, Bounds.DELIVERY)
          .isEqualTo(text);
      fresh.close();
    }
  }

  /**
   * The close the server sent the sender ({@code code "reason"}), if one is waiting among what it
   * was sent, or null: a message that never arrived is often one the server refused.
   */
  private static String closeOf(RawWebSocket sender) throws IOException {
    sender.setReadTimeout(500);
    try {
      RawWebSocket.Frame close = sender.readUntilClose();
      return close.closeCode() + " \"" + close.closeReason() + "\"";
    } catch (SocketTimeoutException stillOpen) {
      return null;
    } catch (IOException gone) {
      return "the connection ended without a close frame";
    }
  }

  /** {@code expected} once it arrives, or null when it does not within the bound. */
  private static String receive(RawWebSocket client, String expected) throws IOException {
    client.setReadTimeout((int) Bounds.DELIVERY.toMillis());
    try {
      while (true) {
        RawWebSocket.Frame message = client.readMessage();
        if (message.opcode() == RawWebSocket.CLOSE) {
          return "(closed " + message.closeCode() + ")";
        }
        if (message.text().equals(expected)) {
          return message.opcode() == RawWebSocket.TEXT ? expected : "(as a binary frame)";
        }
      }
    } catch (SocketTimeoutException nothing) {
      return null;
    }
  }
}
