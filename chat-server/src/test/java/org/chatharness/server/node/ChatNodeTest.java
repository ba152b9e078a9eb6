package org.chatharness.server.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.chatharness.server.ServerConfig;
import org.chatharness.server.metrics.ChatMetrics;
import org.chatharness.server.room.JoinResult;
import org.chatharness.server.support.TestMember;
import org.chatharness.server.timer.Timer;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a connection does through the node, with the in-memory broker: hold, join, send, leave. */
@Timeout(10)
class ChatNodeTest {
  private final ChatMetrics metrics = new ChatMetrics();
  private final ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler();
  private ChatNode node;

  @BeforeEach
  void start() throws Exception {
    scheduler.start();
    ServerConfig config = ServerConfig.forTests();
    node =
        new ChatNode(
            config.limits(), config.cluster(), metrics, new Timer(scheduler, Runnable::run));
    node.start();
  }

  @AfterEach
  void stop() throws Exception {
    node.stop();
    scheduler.stop();
    metrics.stop();
  }

  @Test
  void aPlainMemberHearsWhatIsPublishedUntilItLeaves() throws Exception {
    TestMember plain = TestMember.plain(1000);
    RoomHold hold = node.hold("lobby");
    assertThat(node.joinPlain(hold, plain)).isTrue();
    assertThat(hold.isJoined()).isTrue();
    node.publish("lobby", null, "one", null).toCompletableFuture().get();
    node.release(hold, plain, null);
    node.publish("lobby", null, "two", null).toCompletableFuture().get();
    assertThat(plain.received()).containsExactly("one");
    assertThat(hold.isJoined()).isFalse();
  }

  @Test
  void aV1MemberJoinsUnderItsNameAndItsLeaveIsHeard() throws Exception {
    TestMember watcher = TestMember.v1("watcher", null, 10_000);
    RoomHold watching = node.hold("r");
    node.join(watching, watcher, "w-id", null, 1000).toCompletableFuture().get();
    TestMember alice = TestMember.v1("alice", null, 10_000);
    RoomHold hold = node.hold("r");
    assertThat(node.join(hold, alice, "a-id", null, 1000).toCompletableFuture().get())
        .isEqualTo(JoinResult.JOINED);
    node.release(hold, alice, "a-id");
    node.release(hold, alice, "a-id");

    assertThat(watcher.received())
        .filteredOn(text -> text.contains("\"presence\""))
        .as("alice came and went, once")
        .satisfiesExactly(
            join -> assertThat(join).contains("\"join\""),
            leave -> assertThat(leave).contains("\"leave\""));
  }

  @Test
  void aJoinOnAHoldLetGoMeanwhileIsAbandonedAndLeavesNoTrace() throws Exception {
    TestMember watcher = TestMember.v1("watcher", null, 10_000);
    node.join(node.hold("r"), watcher, "w-id", null, 1000).toCompletableFuture().get();
    TestMember late = TestMember.v1("late", null, 10_000);
    RoomHold hold = node.hold("r");
    node.release(hold, late, "l-id");
    assertThat(node.join(hold, late, "l-id", null, 1000).toCompletableFuture().get())
        .isEqualTo(JoinResult.ABANDONED);
    assertThat(node.joinPlain(hold, TestMember.plain(1000))).isFalse();

    TestMember again = TestMember.v1("late", null, 10_000);
    assertThat(node.join(node.hold("r"), again, "l2-id", null, 1000).toCompletableFuture().get())
        .as("the name was never taken")
        .isEqualTo(JoinResult.JOINED);
    assertThat(late.received()).isEmpty();
  }
}
