package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.chatharness.server.broker.RedisBroker;
import org.chatharness.server.support.Harness;
import org.chatharness.server.support.RedisProcess;
import org.chatharness.server.support.TestClient;
import org.chatharness.server.support.TwoNodes;
import org.chatharness.server.support.V1Client;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Who is online covers every node, and a crashed node's users leave within the timeout. */
@Timeout(90)
class ClusterPresenceTest {
  private static final Duration PRESENCE_TIMEOUT = Duration.ofSeconds(2);

  private TwoNodes nodes;
  private RedisProcess redis;
  private Harness a;
  private Harness b;

  @BeforeEach
  void startTwoNodes() throws Exception {
    nodes = TwoNodes.start(config -> config.presenceTimeout(PRESENCE_TIMEOUT));
    redis = nodes.redis;
    a = nodes.a;
    b = nodes.b;
  }

  @AfterEach
  void stopEverything() throws Exception {
    nodes.close();
  }

  @Test
  void a_join_and_a_leave_on_one_node_are_seen_on_the_other() throws Exception {
    V1Client alice = V1Client.joined(a, "/rooms/p", "alice");

    V1Client bob = V1Client.connect(b, "/rooms/p");
    bob.join("bob", null, null);
    assertThat(names(bob.expect("welcome").get("online")))
        .as("the welcome lists names on every node")
        .containsExactly("bob", "alice");
    bob.expect("history");

    JsonNode joined = alice.nextOfType("presence");
    assertThat(joined.get("event").asText()).isEqualTo("join");
    assertThat(joined.get("name").asText()).isEqualTo("bob");
    assertThat(names(joined.get("online"))).containsExactlyInAnyOrder("alice", "bob");

    bob.close();
    JsonNode left = alice.nextOfType("presence");
    assertThat(left.get("event").asText()).isEqualTo("leave");
    assertThat(left.get("name").asText()).isEqualTo("bob");
    assertThat(names(left.get("online"))).containsExactly("alice");
  }

  @Test
  void the_users_of_a_crashed_node_leave_within_the_presence_timeout() throws Exception {
    V1Client alice = V1Client.joined(a, "/rooms/crash", "alice");
    V1Client bob = V1Client.joined(b, "/rooms/crash", "bob");
    assertThat(alice.nextOfType("presence").get("name").asText()).isEqualTo("bob");

    long crashed = System.nanoTime();
    ((RedisBroker) b.server.broker()).abandon();

    JsonNode left = alice.nextOfType("presence");
    Duration took = Duration.ofNanos(System.nanoTime() - crashed);
    assertThat(left.get("event").asText()).isEqualTo("leave");
    assertThat(left.get("name").asText()).isEqualTo("bob");
    assertThat(names(left.get("online"))).containsExactly("alice");
    // Bound: the heartbeat expires after the timeout; a sweep runs every third of it.
    assertThat(took)
        .as("gone within timeout + one sweep interval, with slack for a busy machine")
        .isLessThan(PRESENCE_TIMEOUT.multipliedBy(2).plus(TestClient.WAIT.dividedBy(2)));
    bob.close();
  }

  @Test
  void a_user_who_moves_off_a_crashed_node_is_never_announced_as_gone_and_leaves_no_ghost()
      throws Exception {
    V1Client alice = V1Client.joined(a, "/rooms/move", "alice");
    V1Client bob = V1Client.joined(b, "/rooms/move", "bob");
    assertThat(alice.nextOfType("presence").get("name").asText()).isEqualTo("bob");

    // Node b dies with bob announced in Redis; bob is back on node a before its sweep.
    ((RedisBroker) b.server.broker()).abandon();
    bob.close();
    V1Client bobAgain = V1Client.joined(a, "/rooms/move", "bob");

    // Node a's sweep forgets node b; bob was online all along, so alice hears nothing of it.
    awaitNodesInRedis(1);
    alice.expectSilence(Duration.ofMillis(500));

    bobAgain.close();
    JsonNode left = alice.nextOfType("presence");
    assertThat(left.get("event").asText()).isEqualTo("leave");
    assertThat(left.get("name").asText()).isEqualTo("bob");
    assertThat(names(left.get("online")))
        .as("no entry left behind from bob's dead node")
        .containsExactly("alice");
    V1Client carol = V1Client.connect(a, "/rooms/move");
    carol.join("carol", null, null);
    assertThat(names(carol.expect("welcome").get("online"))).containsExactly("alice", "carol");
    carol.close();
    alice.close();
  }

  /** Waits until Redis lists {@code count} live nodes: a dead node's sweep has run. */
  private void awaitNodesInRedis(int count) throws InterruptedException {
    RedisClient client = RedisClient.create(redis.uri());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
      while (connection.sync().scard("chat:nodes") != count) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("Redis still lists " + connection.sync().smembers("chat:nodes"));
        }
        Thread.sleep(50);
      }
    } finally {
      client.shutdown();
    }
  }

  private static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(n -> names.add(n.asText()));
    return names;
  }
}
