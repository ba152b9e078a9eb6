package org.chatharness.server.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chatharness.server.codec.ChatMessage;
import org.chatharness.server.room.Delivered;
import org.chatharness.server.room.HistoryBudget;
import org.chatharness.server.room.RoomFeed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The in-memory broker as a sequencer: ids in order, re-sent client ids answered, every message
 * delivered through the feed. The feed here records what a node's rooms would be given.
 */
@Timeout(5)
class LocalBrokerTest {
  private final Feed rooms = new Feed();
  private final HistoryBudget budget = new HistoryBudget(1 << 20);
  private final LocalBroker broker = new LocalBroker(rooms, budget);

  /** What the broker gives a node's rooms, recorded. */
  private static final class Feed implements RoomFeed {
    final List<String> seeds = new ArrayList<>();
    final List<ChatMessage> delivered = new ArrayList<>();

    @Override
    public Delivered deliver(String room, ChatMessage message) {
      delivered.add(message);
      return Delivered.NOTHING;
    }

    @Override
    public void seed(
        String room, List<ChatMessage> recent, long floor, long last, Map<String, Set<String>> e) {
      seeds.add(room + " after " + last);
    }

    @Override
    public void missed(String room, long newestMissing) {}

    @Override
    public void remotePresence(String room, boolean joined, String name, String node) {}

    @Override
    public void remoteHolders(String room, Map<String, Set<String>> others) {}
  }

  @Test
  void enteringARoomSeedsItWhereItsNumberingStartsOnce() {
    long before = System.currentTimeMillis();
    assertThat(broker.enter("lobby").toCompletableFuture()).isCompleted();
    broker.enter("lobby");
    assertThat(rooms.seeds).hasSize(1);
    long seededAfter = Long.parseLong(rooms.seeds.get(0).split(" after ")[1]);
    assertThat(seededAfter + 1)
        .as("the clock's millisecond times 1000")
        .isGreaterThanOrEqualTo(before * 1000);
  }

  @Test
  void messagesAreNumberedByOneInTheOrderTheyArePublished() throws Exception {
    broker.enter("lobby");
    long first = publish("lobby", null, "a", null).id();
    long second = publish("lobby", null, "b", null).id();
    assertThat(second).isEqualTo(first + 1);
    assertThat(rooms.delivered).extracting(ChatMessage::text).containsExactly("a", "b");
    assertThat(rooms.delivered).extracting(ChatMessage::id).containsExactly(first, second);
  }

  @Test
  void aResentClientIdGetsItsFirstIdBackAndIsNotDeliveredAgain() throws Exception {
    broker.enter("lobby");
    ClientId alices = ClientId.ofKey("alice-digest", "c1");
    Published first = publish("lobby", "alice", "hi", alices);
    Published again = publish("lobby", "alice", "hi", alices);
    assertThat(again).isEqualTo(new Published(first.id(), true));
    assertThat(rooms.delivered).hasSize(1);

    Published bobs = publish("lobby", "bob", "hi", ClientId.ofKey("bob-digest", "c1"));
    assertThat(bobs.duplicate()).as("the same id from another sender").isFalse();
  }

  @Test
  void aForgottenRoomsClientIdsLeaveTheBudgetAndItsNumberingStartsAgain() throws Exception {
    broker.enter("lobby");
    publish("lobby", "alice", "hi", ClientId.ofKey("alice-digest", "c1"));
    assertThat(budget.usedBytes()).isPositive();
    broker.forget("lobby");
    assertThat(budget.usedBytes()).isZero();
    broker.enter("lobby");
    assertThat(rooms.seeds).as("a new room, seeded anew").hasSize(2);
    assertThat(publish("lobby", "alice", "hi", ClientId.ofKey("alice-digest", "c1")).duplicate())
        .isFalse();
  }

  private Published publish(String room, String from, String text, ClientId cid) throws Exception {
    return broker.publish(room, from, text, cid).toCompletableFuture().get();
  }
}
