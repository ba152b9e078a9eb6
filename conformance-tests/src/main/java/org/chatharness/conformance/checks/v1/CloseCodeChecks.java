package org.chatharness.conformance.checks.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.chatharness.conformance.Bounds;
import org.chatharness.conformance.Clients;
import org.chatharness.conformance.Target;
import org.chatharness.conformance.TargetResolver;
import org.chatharness.conformance.checks.Bursts;
import org.chatharness.conformance.checks.PlainRoom;
import org.chatharness.conformance.checks.Profiles;
import org.chatharness.conformance.checks.V1Room;
import org.chatharness.conformance.client.PlainClient;
import org.chatharness.conformance.client.RawWebSocket;
import org.chatharness.conformance.client.V1Messages;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/PROTOCOL.md, close codes: what the server closes a connection with, and why. */
@Tag(Profiles.V1)
@ExtendWith(TargetResolver.class)
@Timeout(120)
class CloseCodeChecks {
  // A server holding this much for a client that reads nothing has no bound worth the name.
  private static final long SLOW_CONSUMER_VOLUME = 16L * 1024 * 1024;
  private static final int SMALL_RECEIVE_BUFFER = 4096;
  private static final int STEP_MESSAGES = 4;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"chat.v1", "plain"})
  @DisplayName("a binary message is closed with 1003")
  void aBinaryMessageIsClosedWith1003(String protocol, Clients clients) throws Exception {
    RawWebSocket raw = raw(clients, protocol);

    raw.send(true, RawWebSocket.BINARY, new byte[] {1, 2, 3});

    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1003);
  }

  @Test
  @DisplayName("text that is not UTF-8 on a chat.v1 connection is closed with 1007")
  void invalidUtf8IsClosedWith1007(Clients clients) throws Exception {
    RawWebSocket raw = raw(clients, "chat.v1");

    raw.send(true, RawWebSocket.TEXT, new byte[] {'{', (byte) 0xC0, (byte) 0xAF, '}'});

    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1007);
  }

  @Test
  @DisplayName("a message one byte over welcome.maxMessageSize is closed with 1009")
  void aMessageOverMaxMessageSizeIsClosedWith1009(Clients clients) throws Exception {
    V1Room room = new V1Room(clients, "size");
    int max = room.join(room.person("alice")).welcome().path("maxMessageSize").asInt();
    RawWebSocket raw = raw(clients, "chat.v1");

    try {
      raw.sendFilled(RawWebSocket.TEXT, max + 1L, (byte) ' ');
    } catch (IOException closedWhileWriting) {
      // refused on the header: the close frame is what counts
    }

    assertThat(raw.readUntilClose().closeCode()).as("close for %d bytes", max + 1).isEqualTo(1009);
  }

  @Test
  @DisplayName(
      "a member that reads nothing is closed with 1008 slow consumer, and the others keep receiving")
  void aMemberThatReadsNothingIsClosedWith1008SlowConsumer(Clients clients) throws Exception {
    Target target = clients.target();
    V1Room room = new V1Room(clients, "slow");
    URI socket = Target.roomUri(target.url(), room.name());
    RawWebSocket slow = clients.raw(socket, SMALL_RECEIVE_BUFFER, Clients.CHAT_V1);
    slow.sendText(V1Messages.join(room.person("slow"), null, null));
    int max = room.join(room.person("bob")).welcome().path("maxMessageSize").asInt();
    PlainRoom plain = new PlainRoom(clients, socket);
    PlainClient listener = plain.joinReady(1).get(0);
    int size = Math.min(60 * 1024, max - 256);
    String filler = "s".repeat(size - 32);
    int count = (int) (SLOW_CONSUMER_VOLUME / size) + 1;
    List<String> texts =
        java.util.stream.IntStream.rangeClosed(1, count)
            .mapToObj(n -> plain.text(String.format("%06d ", n)) + filler)
            .toList();

    for (List<String> run : Bursts.split(texts, target.sendBudget())) {
      PlainClient sender = plain.sender();
      for (List<String> step : Bursts.split(run, STEP_MESSAGES)) {
        for (String text : step) {
          sender.send(text);
        }
        plain.receiveAllFrom(listener, step);
      }
    }

    slow.setReadTimeout((int) Duration.ofSeconds(30).toMillis());
    RawWebSocket.Frame close = slow.readUntilClose();
    assertThat(close.closeCode())
        .as("close code after %d MiB unread", SLOW_CONSUMER_VOLUME >> 20)
        .isEqualTo(1008);
    assertThat(close.closeReason()).as("close reason").isEqualTo("slow consumer");
  }

  @Test
  @DisplayName(
      "a client that sends nothing, not even a pong, is closed with 1001 after the declared idle timeout")
  void aSilentClientIsClosedWith1001AfterTheIdleTimeout(Clients clients) throws Exception {
    Duration idle = clients.target().idleTimeout();
    assumeTrue(idle != null, "the server declares no idle timeout (chat.idleTimeout)");
    RawWebSocket silent = raw(clients, "chat.v1");
    silent.setReadTimeout((int) idle.plus(Bounds.CLOSE).toMillis());

    RawWebSocket.Frame close = silent.readUntilClose();

    assertThat(close.closeCode()).as("close code").isEqualTo(1001);
    assertThat(close.closeReason()).as("close reason").isEqualTo("idle timeout");
  }

  private static RawWebSocket raw(Clients clients, String protocol) throws IOException {
    URI socket = Target.roomUri(clients.target().url(), new V1Room(clients, "close").name());
    return clients.raw(socket, 0, "plain".equals(protocol) ? null : protocol);
  }
}
