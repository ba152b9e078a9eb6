package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.ScanArgs;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import org.chatharness.server.broker.StreamLimits;
import org.chatharness.server.support.TestClient;
import org.chatharness.server.support.TwoNodes;
import org.chatharness.server.support.V1Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What Redis keeps has a ceiling: streams of idle rooms expire, their number is bounded, and each
 * room remembers a bounded number of client ids. Checked by looking into Redis, as an operator
 * would, and by what a client is told.
 */
@Timeout(120)
class RedisBoundsTest {
  private static final String KEY = "bounds-key-0123456789";

  @RegisterExtension final TwoNodes nodes = TwoNodes.startedByTest();

  @Test
  void theMessagesOfARoomWithNoNewMessageExpireWithItsTtl() throws Exception {
    nodes.start(config -> config.brokerRoomTtl(Duration.ofSeconds(1)));
    V1Client sender = V1Client.joined(nodes.a(), "/rooms/idle", "sender", KEY);
    sender.send("i-1", "soon forgotten");
    sender.awaitAck("i-1");
    long ttl = nodes.redis().inspect(redis -> redis.pttl("chat:{idle}:messages"));
    assertThat(ttl).as("the stream has a TTL").isBetween(1L, 1000L);

    awaitRedis(() -> nodes.redis().inspect(redis -> redis.exists("chat:{idle}:messages")) == 0);
    V1Client late = V1Client.connect(nodes.b(), "/rooms/idle");
    late.join("late", null, null);
    late.expect("welcome");
    assertThat(late.expect("history").get("messages"))
        .as("another node finds nothing of the room in Redis any more")
        .isEmpty();
  }

  @Test
  void onlyTheMostRecentlyActiveRoomsKeepTheirMessagesInRedis() throws Exception {
    nodes.start(config -> config.brokerMaxRooms(3));
    for (int room = 1; room <= 5; room++) {
      V1Client sender = V1Client.joined(nodes.a(), "/rooms/r" + room, "sender", KEY);
      sender.send("c", "in room " + room);
      sender.awaitAck("c");
      sender.close();
    }
    assertThat(streams())
        .containsExactly("chat:{r3}:messages", "chat:{r4}:messages", "chat:{r5}:messages");

    V1Client late = V1Client.connect(nodes.b(), "/rooms/r1");
    late.join("late", null, null);
    late.expect("welcome");
    assertThat(late.expect("history").get("messages"))
        .as("the least recently active room gave up its messages")
        .isEmpty();
  }

  @Test
  void aRoomRemembersTheClientIdsOfItsLastTenThousandSends() throws Exception {
    nodes.start(config -> config.rateLimit(1_000_000, 1_000_000));
    int sends = StreamLimits.CLIENT_IDS_PER_ROOM + 20;
    V1Client sender = V1Client.joined(nodes.a(), "/rooms/cids", "sender", KEY);
    for (int i = 1; i <= sends; i++) {
      sender.send("c" + i, "m" + i);
      if (i % 500 == 0 || i == sends) {
        // The sender's own copy: this pace keeps the node's reader within the stream's length.
        sender.awaitAckAndMessage("c" + i);
      }
    }

    long keys = nodes.redis().inspect(redis -> redis.dbsize());
    assertThat(keys).as("client ids live in a few keys per room, not one key each").isLessThan(20L);
    sender.send("c" + sends, "m" + sends);
    assertThat(sender.awaitAck("c" + sends).get("duplicate").asBoolean())
        .as("a recent id is remembered")
        .isTrue();
    sender.send("c1", "m1");
    JsonNode oldest = sender.awaitAck("c1");
    assertThat(oldest.get("duplicate").asBoolean())
        .as("the oldest ids made room for newer ones")
        .isFalse();
  }

  @Test
  void aNodeForgetsTheRoomsItNoLongerHasMembersIn() throws Exception {
    nodes.start(config -> config.presenceTimeout(Duration.ofSeconds(1)));
    for (int room = 1; room <= 3; room++) {
      V1Client visitor = V1Client.joined(nodes.a(), "/rooms/visit" + room, "visitor", KEY);
      visitor.close();
      assertThat(visitor.socket.awaitClose(TestClient.WAIT)).isTrue();
    }
    V1Client stays = V1Client.joined(nodes.a(), "/rooms/kept", "stays", KEY);

    // What the sweeper would look through if node a died: only the room it still has a name in.
    awaitRedis(() -> roomsOfNodes().equals(List.of("kept")));
    assertThat(stays.socket.closeCode()).isEqualTo(-1);
  }

  /** The rooms in every node's set of rooms, sorted. */
  private List<String> roomsOfNodes() {
    return nodes
        .redis()
        .inspect(
            redis -> {
              TreeSet<String> rooms = new TreeSet<>();
              for (String key :
                  redis.scan(ScanArgs.Builder.matches("chat:node:*:rooms").limit(1000)).getKeys()) {
                rooms.addAll(redis.smembers(key));
              }
              return List.copyOf(rooms);
            });
  }

  private List<String> streams() {
    return nodes
        .redis()
        .inspect(
            redis ->
                List.copyOf(
                    new TreeSet<>(
                        redis
                            .scan(ScanArgs.Builder.matches("chat:{*}:messages").limit(1000))
                            .getKeys())));
  }

  private static void awaitRedis(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Redis did not get there within " + TestClient.WAIT);
      }
      Thread.sleep(50);
    }
  }
}
