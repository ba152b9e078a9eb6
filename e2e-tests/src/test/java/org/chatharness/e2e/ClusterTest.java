package org.chatharness.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.chatharness.e2e.support.Browser;
import org.chatharness.e2e.support.Browsers;
import org.chatharness.e2e.support.ChatPage;
import org.chatharness.e2e.support.ChatPage.Item;
import org.chatharness.e2e.support.ChatServerContainer;
import org.chatharness.e2e.support.RedisContainer;
import org.chatharness.e2e.support.RoomNames;
import org.chatharness.e2e.support.RunsOn;
import org.chatharness.e2e.support.RunsOn.Mode;
import org.chatharness.e2e.support.ShownOnce;
import org.chatharness.e2e.support.TcpProxy;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.Network;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The scale-out of docs/SCALING.md in containers: two chat-server nodes sharing their rooms through
 * one Redis, on a Docker network of their own. Alice's browser is on node-a, Bob's on node-b.
 *
 * <p>Each browser reaches its node through a {@link TcpProxy} that plays the load balancer: the
 * page's address (and so its origin) stays the proxy's when the proxy is pointed at the other node.
 * A node that a test kills, and Redis when a test stops it, are started again before the next test.
 * The nodes' output is in the test log under the loggers {@code node-a} and {@code node-b}, Redis's
 * under {@code redis}; after a restart, only in the failure artefacts.
 */
@Testcontainers
@RunsOn(value = Mode.CONTAINER, whyNot = "kills a node and restarts Redis of a cluster it starts")
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ClusterTest {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterTest.class);

  /** {@code CHAT_PRESENCE_TIMEOUT}: a node not heard from for this long is taken as gone. */
  private static final Duration PRESENCE_TIMEOUT = Duration.ofSeconds(3);

  /**
   * A dead node's users leave within the presence timeout plus one heartbeat interval (a third of
   * it, docs/SCALING.md); the rest is margin for a loaded machine.
   */
  private static final Duration LEAVE_WAIT = Duration.ofSeconds(15);

  /** The page's backoff is capped at 15 s (backoff.js); see ReconnectTest. */
  private static final Duration RECONNECT_WAIT = Duration.ofSeconds(30);

  /** Lettuce reconnects with a backoff capped at 2 s; a node restarted needs a few seconds. */
  private static final Duration RECOVERY_WAIT = Duration.ofSeconds(30);

  private static final String BROKER_OK = "\"broker\":\"redis: ok\"";

  @AutoClose static final Network network = Network.newNetwork();

  @Container
  static final RedisContainer redis =
      new RedisContainer().withNetwork(network).withNetworkAliases("redis");

  @Container static final ChatServerContainer nodeA = node("node-a");
  @Container static final ChatServerContainer nodeB = node("node-b");

  @AutoClose final TcpProxy aliceBalancer = TcpProxy.open();
  @AutoClose final TcpProxy bobBalancer = TcpProxy.open();

  @RegisterExtension
  final Browsers browsers =
      new Browsers()
          .withContainerLog("node-a", nodeA)
          .withContainerLog("node-b", nodeB)
          .withContainerLog("redis", redis);

  private static ChatServerContainer node(String alias) {
    return new ChatServerContainer(alias)
        .withNetwork(network)
        .withNetworkAliases(alias)
        .withEnv("CHAT_BROKER", "redis://redis:" + RedisContainer.PORT)
        .withEnv("CHAT_PRESENCE_TIMEOUT", PRESENCE_TIMEOUT.toSeconds() + "s")
        .dependsOn(redis);
  }

  /** Whatever an earlier test stopped or killed runs again, and both nodes reach Redis. */
  @BeforeEach
  void theWholeClusterRuns() {
    if (!redis.isRunning()) {
      redis.startAgain();
    }
    for (ChatServerContainer node : List.of(nodeA, nodeB)) {
      if (!node.isRunning()) {
        int port = node.startAgain();
        LOG.info("started {} again, now on port {}", node.getNetworkAliases(), port);
      }
    }
    awaitBrokerOk(nodeA, nodeB);
    aliceBalancer.forwardTo(nodeA.getHost(), nodeA.currentPort());
    bobBalancer.forwardTo(nodeB.getHost(), nodeB.currentPort());
  }

  @Test
  void browsersOnTwoNodesSeeEachOthersMessagesOnceInOneOrderAndBothNamesOnline() {
    String room = RoomNames.unique("cluster");
    ChatPage alice = openThrough(aliceBalancer, "alice", room);
    ChatPage bob = openThrough(bobBalancer, "bob", room);
    // One browser on each node, or this would prove nothing about the broker.
    awaitConnections(nodeA, 1);
    awaitConnections(nodeB, 1);
    for (ChatPage page : List.of(alice, bob)) {
      assertThat(page.waitForOnline(List.of("alice", "bob")))
          .as("online list on %s's page, names from both nodes", page.browser().name())
          .containsExactly("alice", "bob");
    }

    // Sent without waiting in between, so that messages published on the two nodes interleave.
    List<String> sent =
        List.of("alice says 1", "bob says 1", "alice says 2", "bob says 2", "alice says 3");
    for (String text : sent) {
      (text.startsWith("alice") ? alice : bob).send(text);
    }

    List<String> aliceOrder = idsInOrder(ShownOnce.inAnyOrder(alice, sent));
    List<String> bobOrder = idsInOrder(ShownOnce.inAnyOrder(bob, sent));
    assertThat(bobOrder).as("order of the ids on bob's page, as on alice's").isEqualTo(aliceOrder);
  }

  @Test
  void aBrowserWhoseNodeIsKilledMovesToTheOtherNodeAndLosesAndDoublesNothing() {
    String room = RoomNames.unique("node-killed");
    ChatPage alice = openThrough(aliceBalancer, "alice", room);
    ChatPage bob = openThrough(bobBalancer, "bob", room);
    alice.send("before the crash, from alice");
    bob.waitForMessage("before the crash, from alice");
    bob.waitForOnline(List.of("alice", "bob"));

    // Killed first, then cut off: node-a dies with alice's name still announced in Redis, so only
    // the other node's sweep can take it away; and alice cannot come back before that is seen.
    nodeA.killServer();
    aliceBalancer.cut();
    assertThat(alice.waitUntilDisconnected().state())
        .as("alice's status once her node is gone")
        .isEqualTo(ChatPage.RECONNECTING);
    assertThat(bob.waitForOnline(List.of("bob"), LEAVE_WAIT))
        .as("bob's online list once node-a's heartbeat has expired")
        .containsExactly("bob");

    List<String> away = List.of("while alice was away, from bob", "still away, from bob");
    away.forEach(bob::send);
    bob.waitForMessages(away);
    String pending = "written while her node was down, from alice";
    alice.send(pending);
    assertThat(alice.messageItems())
        .as("alice's messages while she has no node")
        .last()
        .satisfies(
            item -> {
              assertThat(item.text()).as("text").isEqualTo(pending);
              assertThat(item.isPending()).as("pending").isTrue();
            });

    aliceBalancer.forwardTo(nodeB.getHost(), nodeB.currentPort());
    aliceBalancer.restore();

    alice.waitForState(ChatPage.OPEN, RECONNECT_WAIT);
    List<String> expected =
        List.of("before the crash, from alice", away.get(0), away.get(1), pending);
    for (ChatPage page : List.of(alice, bob)) {
      // Once alice moved to node-b: nothing lost, nothing doubled.
      ShownOnce.inOrder(page, expected);
      assertThat(page.waitForOnline(List.of("alice", "bob")))
          .as("%s's online list once alice rejoined on node-b", page.browser().name())
          .containsExactly("alice", "bob");
    }
  }

  @Test
  void theChatRecoversFromARedisRestartAndAMessageRefusedMeanwhileIsShownOnceAfterARetry() {
    String room = RoomNames.unique("redis-restart");
    ChatPage alice = openThrough(aliceBalancer, "alice", room);
    ChatPage bob = openThrough(bobBalancer, "bob", room);
    String before = "before the redis restart, from bob";
    bob.send(before);
    alice.waitForMessage(before);

    redis.stopRedis();
    String refused = "written while redis was down, from alice";
    alice.send(refused);
    Item failed = alice.waitForFailed(refused);
    assertThat(failed.mark()).as("mark of the refused message").startsWith("not sent");
    for (ChatPage page : List.of(alice, bob)) {
      assertThat(page.status().state())
          .as(
              "%s's connection: nodes keep their clients while Redis is down",
              page.browser().name())
          .isEqualTo(ChatPage.OPEN);
    }

    redis.startAgain();
    awaitBrokerOk(nodeA, nodeB);
    alice.retry(refused);

    String afterFromBob = "after the redis restart, from bob";
    String afterFromAlice = "after the redis restart, from alice";
    bob.waitForMessage(refused);
    bob.send(afterFromBob);
    alice.waitForMessage(afterFromBob);
    alice.send(afterFromAlice);
    bob.waitForMessage(afterFromAlice);

    List<String> expected = List.of(before, refused, afterFromBob, afterFromAlice);
    for (ChatPage page : List.of(alice, bob)) {
      ShownOnce.inOrder(page, expected);
      assertThat(page.waitForOnline(List.of("alice", "bob")))
          .as("%s's online list after the redis restart", page.browser().name())
          .containsExactly("alice", "bob");
    }
  }

  private ChatPage openThrough(TcpProxy balancer, String name, String room) {
    return new ChatPage(browsers.open(name)).open(balancer.httpUri("/rooms/" + room)).join(name);
  }

  private static List<String> idsInOrder(List<Item> shown) {
    return shown.stream().map(Item::id).toList();
  }

  /** Waits until {@code node}'s {@code /health} counts exactly {@code count} WebSockets. */
  private static void awaitConnections(ChatServerContainer node, int count) {
    Awaitility.await("/health of " + node.getNetworkAliases() + " counts " + count + " connections")
        .atMost(Browser.WAIT)
        .pollInterval(Duration.ofMillis(250))
        .until(() -> node.health().contains("\"connections\":" + count + ","));
  }

  private static void awaitBrokerOk(ChatServerContainer... nodes) {
    for (ChatServerContainer node : nodes) {
      Awaitility.await("/health of " + node.getNetworkAliases() + " says " + BROKER_OK)
          .atMost(RECOVERY_WAIT)
          .pollInterval(Duration.ofMillis(250))
          .until(() -> node.health().contains(BROKER_OK));
    }
  }
}
