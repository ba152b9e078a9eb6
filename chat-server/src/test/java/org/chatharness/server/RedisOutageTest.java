package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chatharness.server.support.Harness;
import org.chatharness.server.support.TestClient;
import org.chatharness.server.support.TwoNodes;
import org.chatharness.server.support.V1Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Redis goes away and comes back: nodes stay up, senders are told, and the chat recovers. */
@Timeout(120)
class RedisOutageTest {
  private static final Pattern BROKER_ERRORS =
      Pattern.compile("(?m)^chat_broker_errors_total(?:\\{[^}]*\\})? (\\S+)$");

  private static final String NOT_SENT = "the message could not be sent now; send it again later";

  @RegisterExtension final TwoNodes nodes = TwoNodes.eachTest(config -> config);

  @Test
  void whileRedisIsDownSendsFailExplicitlyAndAfterItReturnsTheChatRecovers() throws Exception {
    // The plain client first: its probes end up in the history the others skip.
    TestClient plain = TestClient.connect(nodes.a().client, nodes.a().ws("/rooms/out"));
    plain.awaitOwnEcho();
    V1Client alice = V1Client.joined(nodes.a(), "/rooms/out", "alice");
    V1Client bob = V1Client.joined(nodes.b(), "/rooms/out", "bob");
    assertThat(health(nodes.a()).body())
        .contains("\"status\":\"UP\"")
        .contains("\"broker\":\"redis: ok\"");

    nodes.redis().stop();
    awaitHealth(nodes.a(), "DEGRADED");
    HttpResponse<String> degraded = health(nodes.a());
    assertThat(degraded.statusCode()).as("degraded, still serving its clients").isEqualTo(200);
    assertThat(degraded.body()).contains("\"broker\":\"redis: unavailable\"");

    alice.send("lost-1", "while down");
    JsonNode error = alice.nextOfType("error");
    assertThat(error.get("code").asText()).isEqualTo("not_sent");
    assertThat(error.get("cid").asText()).isEqualTo("lost-1");
    assertThat(error.get("message").asText())
        .as("a generic reason: nothing of the broker's own exception text")
        .isEqualTo(NOT_SENT);
    plain.send("plain while down");
    assertThat(plain.untilClosed()).as("what plain clients get: nothing but the close").isEmpty();
    assertThat(plain.closeCode())
        .as("plain cannot carry an error: closed, not dropped")
        .isEqualTo(1011);
    assertThat(brokerErrors(nodes.a())).isGreaterThanOrEqualTo(2);

    V1Client newcomer = V1Client.connect(nodes.a(), "/rooms/elsewhere");
    newcomer.join("carol", null, null);
    assertThat(newcomer.nextOfType("error").get("code").asText())
        .as("a room this node does not read yet cannot be fetched: said so, not joined")
        .isEqualTo("unavailable");

    nodes.redis().restart();
    awaitHealth(nodes.a(), "UP");
    awaitHealth(nodes.b(), "UP");
    alice.send("lost-1", "while down");
    JsonNode ack = alice.nextOfType("ack");
    assertThat(ack.get("duplicate").asBoolean()).as("it had not been sent").isFalse();
    JsonNode received = bob.nextOfType("message");
    assertThat(received.get("text").asText())
        .as("the other node reads the room again without a restart")
        .isEqualTo("while down");
    assertThat(received.get("id").asLong()).isEqualTo(ack.get("id").asLong());
    assertThat(alice.socket.closeCode()).as("connections stayed open").isEqualTo(-1);
  }

  private static HttpResponse<String> health(Harness node) throws Exception {
    return node.get("/health");
  }

  private static void awaitHealth(Harness node, String status) throws Exception {
    String field = "\"status\":\"" + status + "\"";
    node.awaitHealth(field, body -> body.contains(field));
  }

  private static double brokerErrors(Harness node) throws Exception {
    Matcher m = BROKER_ERRORS.matcher(node.get("/metrics").body());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
