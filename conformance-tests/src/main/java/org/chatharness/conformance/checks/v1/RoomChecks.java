package org.chatharness.conformance.checks.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import org.chatharness.conformance.Clients;
import org.chatharness.conformance.Target;
import org.chatharness.conformance.TargetResolver;
import org.chatharness.conformance.checks.PlainRoom;
import org.chatharness.conformance.checks.Profiles;
import org.chatharness.conformance.checks.V1Room;
import org.chatharness.conformance.client.PlainClient;
import org.chatharness.conformance.client.RawWebSocket;
import org.chatharness.conformance.client.V1Client;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/PROTOCOL.md, rooms: {@code /rooms/{name}}, each room apart, bad names refused. */
@Tag(Profiles.V1)
@ExtendWith(TargetResolver.class)
@Timeout(60)
class RoomChecks {

  @Test
  @DisplayName("rooms are apart: a message in one room reaches no client of another, plain or v1")
  void roomsAreApart(Clients clients) throws Exception {
    URI node = clients.target().url();
    V1Room red = new V1Room(clients, "red");
    V1Room blue = new V1Room(clients, "blue");
    PlainRoom bluePlain = new PlainRoom(clients, Target.roomUri(node, blue.name()));
    PlainClient bluePlainClient = bluePlain.joinReady(1).get(0);
    V1Client blueV1 = blue.join(blue.person("bob")).client();
    V1Client redV1 = red.join(red.person("alice")).client();
    PlainClient redPlain = clients.plain(Target.roomUri(node, red.name()));

    redV1.send("red-1", bluePlain.text("in red, from v1"));
    redPlain.send(bluePlain.text("in red, from plain"));
    redV1.awaitMessage(bluePlain.text("in red, from plain"));
    String marker = bluePlain.mark("in blue");

    assertThat(bluePlain.receiveUntil(bluePlainClient, marker))
        .as("what the plain client in blue received")
        .containsExactly(marker);
    assertThat(blueV1.messagesUntil(marker))
        .as("what the v1 client in blue received")
        .extracting(m -> m.path("text").asText())
        .containsExactly(marker);
  }

  @ParameterizedTest(name = "/rooms/{0}")
  @ValueSource(
      strings = {
        ".hidden",
        "a%20b",
        "x0123456789012345678901234567890123456789012345678901234567890123"
      })
  @DisplayName("a room name that breaks the rules gets HTTP 404 before the upgrade")
  void aBadRoomNameGets404BeforeTheUpgrade(String name, Clients clients) {
    URI socket =
        Target.socketUri(
            clients.target().url(), clients.target().url().getRawPath() + "rooms/" + name);

    Throwable refused = catchThrowable(() -> RawWebSocket.connect(socket, 0).close());

    assertThat(refused)
        .as("the upgrade to %s", socket)
        .hasMessageContaining("handshake refused: HTTP/1.1 404");
  }
}
