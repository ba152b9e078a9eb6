package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.KillArgs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.chatharness.server.support.TestClient;
import org.chatharness.server.support.TwoNodes;
import org.chatharness.server.support.V1Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Who is online covers every node, and a crashed node's users leave within the timeout. */
@Timeout(90)
class ClusterPresenceTest {
  private static final Duration PRESENCE_TIMEOUT = Duration.ofSeconds(2);

  @RegisterExtension
  final TwoNodes nodes = TwoNodes.eachTest(config -> config.presenceTimeout(PRESENCE_TIMEOUT));

  @Test
  void aJoinAndALeaveOnOneNodeAreSeenOnTheOther() throws Exception {
    V1Client alice = V1Client.joined(nodes.a(), "/rooms/p", "alice");

    V1Client bob = V1Client.connect(nodes.b(), "/rooms/p");
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
  void theUsersOfACrashedNodeLeaveWithinThePresenceTimeout() throws Exception {
    V1Client alice = V1Client.joined(nodes.a(), "/rooms/crash", "alice");
    V1Client bob = V1Client.joined(nodes.b(), "/rooms/crash", "bob");
    assertThat(alice.nextOfType("presence").get("name").asText()).isEqualTo("bob");

    long crashed = System.nanoTime();
    // Node b dies as far as Redis and node a can tell: its link to Redis is cut.
    nodes.linkOfB().cut();

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
  void aUserWhoMovesOffACrashedNodeIsNeverAnnouncedAsGoneAndLeavesNoGhost() throws Exception {
    String bobKey = "bob-key-0123456789";
    V1Client alice = V1Client.joined(nodes.a(), "/rooms/move", "alice");
    V1Client bob = V1Client.joined(nodes.b(), "/rooms/move", "bob", bobKey);
    V1Client carol = V1Client.joined(nodes.b(), "/rooms/move", "carol");
    assertThat(alice.nextOfType("presence").get("name").asText()).isEqualTo("bob");
    assertThat(alice.nextOfType("presence").get("name").asText()).isEqualTo("carol");

    // Node b dies with bob announced in Redis; bob is back on node a (same key) before its sweep.
    // Node b dies as far as Redis and node a can tell: its link to Redis is cut.
    nodes.linkOfB().cut();
    bob.close();
    carol.close();
    V1Client bobAgain = V1Client.joined(nodes.a(), "/rooms/move", "bob", bobKey);

    // The sweep of node b: carol, who did not come back, leaves; bob, online all along, does not.
    JsonNode swept = alice.nextOfType("presence");
    assertThat(swept.get("event").asText()).isEqualTo("leave");
    assertThat(swept.get("name").asText()).isEqualTo("carol");
    alice.expectSilence(Duration.ofMillis(500));

    bobAgain.close();
    JsonNode left = alice.nextOfType("presence");
    assertThat(left.get("event").asText()).isEqualTo("leave");
    assertThat(left.get("name").asText()).isEqualTo("bob");
    assertThat(names(left.get("online")))
        .as("no entry left behind from bob's dead node")
        .containsExactly("alice");
    V1Client dave = V1Client.connect(nodes.a(), "/rooms/move");
    dave.join("dave", null, null);
    assertThat(names(dave.expect("welcome").get("online"))).containsExactly("alice", "dave");
    dave.close();
    alice.close();
  }

  @Test
  void aNodeWhoseSubscriptionBrokeReadsTheNamesAgainAndTellsWhatItMissed() throws Exception {
    V1Client watcher = V1Client.joined(nodes.b(), "/rooms/missed", "watcher");
    V1Client alice = V1Client.joined(nodes.a(), "/rooms/missed", "alice");
    assertThat(watcher.nextOfType("presence").get("name").asText()).isEqualTo("alice");

    // Node b's link stalls and its subscription is cut: alice's leave is published meanwhile.
    nodes.linkOfB().pause();
    nodes.redis().inspect(redis -> redis.clientKill(KillArgs.Builder.typePubsub()));
    alice.close();
    assertThat(alice.socket.awaitClose(TestClient.WAIT)).isTrue();
    nodes.a().awaitReportedConnections(0);
    nodes.linkOfB().resume();

    JsonNode left = watcher.nextOfType("presence");
    assertThat(left.get("event").asText()).isEqualTo("leave");
    assertThat(left.get("name").asText()).isEqualTo("alice");
    assertThat(names(left.get("online"))).containsExactly("watcher");
  }

  private static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(n -> names.add(n.asText()));
    return names;
  }
}
