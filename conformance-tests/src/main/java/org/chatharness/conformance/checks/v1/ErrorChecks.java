package org.chatharness.conformance.checks.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.chatharness.conformance.Bounds;
import org.chatharness.conformance.Clients;
import org.chatharness.conformance.Target;
import org.chatharness.conformance.TargetResolver;
import org.chatharness.conformance.checks.CloseWhileSending;
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
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docs/PROTOCOL.md, {@code error}: each bad message gets the error of its kind and is otherwise
 * ignored; too many errors close the connection; sends over the rate limit get {@code
 * rate_limited}.
 */
@Tag(Profiles.V1)
@ExtendWith(TargetResolver.class)
@Timeout(60)
class ErrorChecks {
  private static final int STRIKE_LIMIT = 10;

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "hello | bad_json",
        "[1, 2] | bad_json",
        "42 | bad_json",
        "{\"name\": \"x\"} | unknown_type",
        "{\"type\": \"dance\"} | unknown_type",
        "{\"type\": \"join\"} | bad_field",
        "{\"type\": \"join\", \"name\": \"x\", \"key\": \"short\"} | bad_field",
        "{\"type\": \"join\", \"name\": \"x\", \"since\": -1} | bad_field",
      })
  @DisplayName(
      "a bad message before join gets the error of its kind, and the client may still join")
  void aBadMessageGetsTheErrorOfItsKind(String message, String code, Clients clients)
      throws Exception {
    V1Room room = new V1Room(clients, "errors");
    V1Client client = room.connect();

    client.sendRaw(message);

    assertThat(client.next().path("code").asText()).as("the error for %s", message).isEqualTo(code);
    assertThat(client.join(room.person("alice"), null, null).path("type").asText())
        .as("a join afterwards")
        .isEqualTo("welcome");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"type\": \"send\", \"text\": \"no cid\"}",
        "{\"type\": \"send\", \"cid\": \"x\"}",
        "{\"type\": \"send\", \"cid\": \"x\", \"text\": \"\"}",
        "{\"type\": \"send\", \"cid\": \"0123456789012345678901234567890123456789012345678901234567890123456789\", \"text\": \"cid too long\"}",
      })
  @DisplayName("a send with a missing or invalid field gets bad_field and is not sent")
  void aSendWithABadFieldGetsBadField(String message, Clients clients) throws Exception {
    V1Room room = new V1Room(clients, "bad-field");
    V1Client alice = room.join(room.person("alice")).client();

    alice.sendRaw(message);
    alice.awaitError("bad_field");
    alice.send("ok-1", "a good one");

    assertThat(alice.messagesUntil("a good one"))
        .as("messages of the room: the bad send was not sent")
        .extracting(m -> m.path("text").asText())
        .containsExactly("a good one");
  }

  @Test
  @DisplayName("more than 10 errors within 10 seconds close the connection with 1008")
  void moreThanTenErrorsCloseTheConnectionWith1008(Clients clients) throws Exception {
    V1Client client = new V1Room(clients, "strikes").connect();

    for (int i = 0; i <= STRIKE_LIMIT; i++) {
      client.sendRaw("not json " + i);
    }

    PlainClient.Closed closed = client.socket().awaitClose(Bounds.CLOSE);
    assertThat(closed).as("closed after %d errors", STRIKE_LIMIT + 1).isNotNull();
    assertThat(closed.code()).as("close code").isEqualTo(1008);
  }

  @Test
  @DisplayName(
      "a client closed for too many errors reads the 1008 though it goes on sending: the socket"
          + " stays open until it answers the close")
  void aClientClosedForErrorsStillSendingReadsTheClose(Clients clients) throws Exception {
    V1Room room = new V1Room(clients, "strikes-sending");
    RawWebSocket raw =
        clients.raw(Target.roomUri(clients.target().url(), room.name()), 0, Clients.CHAT_V1);

    RawWebSocket.Frame close =
        CloseWhileSending.sendOnAndReadTheClose(
            raw, STRIKE_LIMIT + 5, n -> "not json " + n, "after " + (STRIKE_LIMIT + 5) + " errors");

    assertThat(close.closeCode()).as("close code").isEqualTo(1008);
  }

  @Test
  @DisplayName(
      "sends over the declared rate limit get rate_limited naming their cid, and are not broadcast")
  void sendsOverTheRateLimitGetRateLimitedAndAreNotBroadcast(Clients clients) throws Exception {
    Target.RateLimit limit = clients.target().rateLimit();
    assumeTrue(limit != null, "the server declares no rate limit (chat.rateLimit)");
    V1Room room = new V1Room(clients, "rate");
    V1Client alice = room.join(room.person("alice")).client();
    V1Client bob = room.join(room.person("bob")).client();
    int count = limit.burst() + 5;

    for (int i = 0; i < count; i++) {
      alice.send("r-" + i, "rate " + i);
    }

    Set<String> acked = new HashSet<>();
    Set<String> limited = new HashSet<>();
    while (acked.size() + limited.size() < count) {
      JsonNode answer =
          alice.nextMatching(
              "ack or error",
              m ->
                  "ack".equals(m.path("type").asText()) || "error".equals(m.path("type").asText()));
      if ("ack".equals(answer.path("type").asText())) {
        acked.add("rate " + answer.path("cid").asText().substring(2));
      } else {
        assertThat(answer.path("code").asText())
            .as("the error: %s", answer)
            .isEqualTo("rate_limited");
        limited.add("rate " + answer.path("cid").asText().substring(2));
      }
    }
    assertThat(limited).as("sends refused").isNotEmpty();
    bob.send("marker", "marker");
    List<String> received =
        bob.messagesUntil("marker").stream().map(m -> m.path("text").asText()).toList();
    assertThat(received).as("what was broadcast").doesNotContainAnyElementsOf(limited);
    assertThat(received).as("what was broadcast").containsAll(acked);
  }

  @Test
  @DisplayName(
      "a plain client over the declared rate limit is closed with 1008 rate limit exceeded")
  void aPlainClientOverTheRateLimitIsClosed(Clients clients) throws Exception {
    Target.RateLimit limit = clients.target().rateLimit();
    assumeTrue(limit != null, "the server declares no rate limit (chat.rateLimit)");
    V1Room room = new V1Room(clients, "rate-plain");
    PlainClient plain = clients.plain(Target.roomUri(clients.target().url(), room.name()));

    try {
      for (int i = 0; i < limit.burst() * 2 + 10; i++) {
        plain.send("plain flood " + i);
      }
    } catch (java.io.IOException closedMeanwhile) {
      // the server closed it: what the check expects
    }

    PlainClient.Closed closed = plain.awaitClose(Bounds.CLOSE);
    assertThat(closed).as("the flooding plain client is closed").isNotNull();
    assertThat(closed.code()).as("close code").isEqualTo(1008);
    assertThat(closed.reason()).as("close reason").isEqualTo("rate limit exceeded");
  }
}
