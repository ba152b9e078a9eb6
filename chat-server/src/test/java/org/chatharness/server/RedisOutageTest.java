package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chatharness.server.support.Harness;
import org.chatharness.server.support.RedisProcess;
import org.chatharness.server.support.TestClient;
import org.chatharness.server.support.TwoNodes;
import org.chatharness.server.support.V1Client;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Redis goes away and comes back: nodes stay up, senders are told, and the chat recovers. */
@Timeout(120)
class RedisOutageTest {
  private static final Pattern BROKER_ERRORS =
      Pattern.compile("(?m)^chat_broker_errors_total(?:\\{[^}]*\\})? (\\S+)$");

  private TwoNodes nodes;
  private RedisProcess redis;
  private Harness a;
  private Harness b;

  @BeforeEach
  void startTwoNodes() throws Exception {
    nodes = TwoNodes.start(config -> config);
    redis = nodes.redis;
    a = nodes.a;
    b = nodes.b;
  }

  @AfterEach
  void stopEverything() throws Exception {
    nodes.close();
  }

  @Test
  void while_redis_is_down_sends_fail_explicitly_and_after_it_returns_the_chat_recovers()
      throws Exception {
    V1Client alice = V1Client.joined(a, "/rooms/out", "alice");
    V1Client bob = V1Client.joined(b, "/rooms/out", "bob");
    TestClient plain = a.connect("/rooms/out");
    ClusterMessagesTest.awaitRoomEntered(a, "out", 2);
    assertThat(health(a).body()).contains("\"status\":\"UP\"").contains("\"broker\":\"redis: ok\"");

    redis.stop();
    awaitHealth(a, "DEGRADED");
    HttpResponse<String> degraded = health(a);
    assertThat(degraded.statusCode()).as("degraded, still serving its clients").isEqualTo(200);
    assertThat(degraded.body()).contains("\"broker\":\"redis: unavailable\"");

    alice.send("lost-1", "while down");
    JsonNode error = alice.nextOfType("error");
    assertThat(error.get("code").asText()).isEqualTo("not_sent");
    assertThat(error.get("cid").asText()).isEqualTo("lost-1");
    plain.send("plain while down");
    assertThat(plain.awaitClose(TestClient.WAIT)).isTrue();
    assertThat(plain.closeCode())
        .as("plain cannot carry an error: closed, not dropped")
        .isEqualTo(1011);
    assertThat(brokerErrors(a)).isGreaterThanOrEqualTo(2);

    V1Client newcomer = V1Client.connect(a, "/rooms/elsewhere");
    newcomer.join("carol", null, null);
    assertThat(newcomer.nextOfType("error").get("code").asText())
        .as("a room this node does not read yet cannot be fetched: said so, not joined")
        .isEqualTo("unavailable");

    redis.restart();
    awaitHealth(a, "UP");
    awaitHealth(b, "UP");
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
    long deadline = System.nanoTime() + TestClient.WAIT.multipliedBy(2).toNanos();
    String body = "";
    while (System.nanoTime() < deadline) {
      body = health(node).body();
      if (body.contains("\"status\":\"" + status + "\"")) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("health did not become " + status + "; last: " + body);
  }

  private static double brokerErrors(Harness node) throws Exception {
    Matcher m = BROKER_ERRORS.matcher(node.get("/metrics").body());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
