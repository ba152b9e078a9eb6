package org.chatharness.server.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An event is encoded at most once per protocol, whatever the number of recipients. */
@Timeout(5)
class DeliveryTest {

  @Test
  void everyRecipientOfAProtocolSharesTheSameBytes() {
    Delivery delivery = new Delivery(new ChatMessage(1, 1, "al", "hi", null));
    assertThat(delivery.encodedFor(Protocol.V1)).isSameAs(delivery.encodedFor(Protocol.V1));
    assertThat(delivery.encodedFor(Protocol.PLAIN)).isSameAs(delivery.encodedFor(Protocol.PLAIN));
    assertThat(delivery.encodedFor(Protocol.PLAIN).text()).isEqualTo("hi");
  }

  @Test
  void plainClientsHaveNoBytesForAnythingButMessages() {
    Delivery presence = new Delivery(new RoomEvent.PresenceChanges(List.of("a"), List.of("b")));
    assertThat(presence.encodedFor(Protocol.PLAIN)).isNull();
    assertThat(presence.encodedFor(Protocol.V1).text()).contains("\"event\":\"changes\"");
  }

  @Test
  void aWelcomeAndAHistoryAreTheirV1Messages() {
    assertThat(
            Protocol.V1
                .encode(new RoomEvent.Welcome("r", "al", List.of("al"), 41, 100, 65536))
                .text())
        .isEqualTo(V1Codec.welcome("r", "al", List.of("al"), 41, 100, 65536).text());
    List<ChatMessage> two =
        List.of(new ChatMessage(1, 1, "al", "a", null), new ChatMessage(2, 1, "al", "b", null));
    assertThat(Protocol.V1.encode(new RoomEvent.History(two, false, 1000)).text())
        .isEqualTo(V1Codec.history(two, false, 1000).text());
  }
}
