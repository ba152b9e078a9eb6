package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.chatharness.server.support.Harness;
import org.chatharness.server.support.TestClient;
import org.chatharness.server.support.TwoNodes;
import org.chatharness.server.support.V1Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Names across two nodes: a name belongs to the key it was joined with, wherever it is in use; one
 * person may be connected from several windows on any nodes; client ids are the sender's own.
 */
@Timeout(120)
class ClusterNamesTest {
  private static final Duration PRESENCE_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration QUIET = Duration.ofMillis(500);
  private static final String ALICE_KEY = "alice-key-0123456789";
  private static final String OTHER_KEY = "someone-else-0123456789";

  @RegisterExtension
  final TwoNodes nodes = TwoNodes.eachTest(config -> config.presenceTimeout(PRESENCE_TIMEOUT));

  @Test
  void aNameInUseOnOneNodeIsRefusedOnTheOtherToAnotherKeyAndToNoKey() throws Exception {
    V1Client alice = V1Client.joined(nodes.a(), "/rooms/taken", "alice", ALICE_KEY);

    V1Client taker = V1Client.joining(nodes.b(), "/rooms/taken", "alice", OTHER_KEY);
    assertThat(taker.expect("error").get("code").asText())
        .as("alice's name, held on node a, under another key")
        .isEqualTo("name_taken");
    taker.join("alice", null, null);
    assertThat(taker.expect("error").get("code").asText())
        .as("and without a key")
        .isEqualTo("name_taken");

    taker.join("mallory", OTHER_KEY, null);
    taker.expect("welcome");
    taker.expect("history");
    JsonNode joined = alice.nextOfType("presence");
    assertThat(joined.get("name").asText()).isEqualTo("mallory");
    assertThat(names(joined.get("online"))).containsExactlyInAnyOrder("alice", "mallory");

    alice.send("a-1", "still mine");
    assertThat(alice.awaitAck("a-1").get("duplicate").asBoolean()).isFalse();
    assertThat(taker.nextOfType("message").get("text").asText()).isEqualTo("still mine");
  }

  @Test
  void onePersonInWindowsOnBothNodesChatsFromEachAndGoesOfflineWithTheLastWindow()
      throws Exception {
    V1Client watcher = V1Client.joined(nodes.a(), "/rooms/windows", "watcher");
    V1Client first = V1Client.joined(nodes.a(), "/rooms/windows", "alice", ALICE_KEY);
    assertThat(watcher.nextOfType("presence").get("name").asText()).isEqualTo("alice");

    V1Client second = V1Client.connect(nodes.b(), "/rooms/windows");
    second.join("alice", ALICE_KEY, null);
    assertThat(names(second.expect("welcome").get("online")))
        .as("the person is listed once")
        .containsExactlyInAnyOrder("alice", "watcher");
    second.expect("history");
    V1Client third = V1Client.joined(nodes.a(), "/rooms/windows", "alice", ALICE_KEY);

    first.send("w-1", "from the first window");
    second.send("w-2", "from the second window");
    third.send("w-3", "from the third window");
    List<String> texts =
        List.of("from the first window", "from the second window", "from the third window");
    for (V1Client everyone : List.of(watcher, first, second, third)) {
      assertThat(messageTexts(everyone, 3))
          .as("every window and the watcher get every window's message")
          .containsExactlyInAnyOrderElementsOf(texts);
    }
    watcher.expectSilence(QUIET);

    first.close();
    assertThat(first.socket.awaitClose(TestClient.WAIT)).isTrue();
    nodes.a().awaitReportedConnections(2);
    third.close();
    assertThat(third.socket.awaitClose(TestClient.WAIT)).isTrue();
    nodes.a().awaitReportedConnections(1);
    second.send("w-4", "still here on node b");
    assertThat(watcher.next().get("text").asText())
        .as("no leave while a window is open, on this node or the other")
        .isEqualTo("still here on node b");
    watcher.expectSilence(QUIET);

    second.close();
    JsonNode left = watcher.nextOfType("presence");
    assertThat(left.get("event").asText()).isEqualTo("leave");
    assertThat(left.get("name").asText()).isEqualTo("alice");
    assertThat(names(left.get("online"))).containsExactly("watcher");
  }

  @Test
  void twoNodesRacingForOneNameWithDifferentKeysAdmitExactlyOne() throws Exception {
    for (int round = 1; round <= 8; round++) {
      String name = "racer " + round;
      V1Client onA = V1Client.connect(nodes.a(), "/rooms/race");
      V1Client onB = V1Client.connect(nodes.b(), "/rooms/race");
      CountDownLatch start = new CountDownLatch(1);
      CompletableFuture<Void> joinA = joinWhenStarted(start, onA, name, ALICE_KEY);
      CompletableFuture<Void> joinB = joinWhenStarted(start, onB, name, OTHER_KEY);
      start.countDown();
      joinA.get(10, TimeUnit.SECONDS);
      joinB.get(10, TimeUnit.SECONDS);

      List<String> answers = List.of(answer(onA), answer(onB));
      assertThat(answers)
          .as("round %d: one welcome, one refusal", round)
          .containsExactlyInAnyOrder("welcome", "name_taken");
      onA.close();
      onB.close();
    }
  }

  @Test
  void theNamesOfACrashedNodeAreFreedByTheSweepAndItsPeopleMayComeBackAtOnce() throws Exception {
    V1Client watcher = V1Client.joined(nodes.a(), "/rooms/crash", "watcher");
    V1Client alice = V1Client.joined(nodes.b(), "/rooms/crash", "alice", ALICE_KEY);
    V1Client carol = V1Client.joined(nodes.b(), "/rooms/crash", "carol", "carol-key-0123456789");
    assertThat(watcher.nextOfType("presence").get("name").asText()).isEqualTo("alice");
    assertThat(watcher.nextOfType("presence").get("name").asText()).isEqualTo("carol");

    // Node b dies as far as Redis and node a can tell: its link to Redis is cut.
    nodes.linkOfB().cut();
    alice.close();
    carol.close();

    V1Client aliceBack = V1Client.joined(nodes.a(), "/rooms/crash", "alice", ALICE_KEY);
    V1Client impostor = V1Client.joining(nodes.a(), "/rooms/crash", "carol", OTHER_KEY);
    assertThat(impostor.expect("error").get("code").asText())
        .as("the dead node holds carol's name until its sweep")
        .isEqualTo("name_taken");

    JsonNode left = watcher.nextOfType("presence");
    assertThat(left.get("event").asText()).isEqualTo("leave");
    assertThat(left.get("name").asText())
        .as("the sweep announces carol, not alice, who came back on node a")
        .isEqualTo("carol");
    assertThat(names(left.get("online"))).containsExactlyInAnyOrder("watcher", "alice");
    watcher.expectSilence(QUIET);

    impostor.join("carol", OTHER_KEY, null);
    assertThat(impostor.expect("welcome").get("name").asText())
        .as("swept: the name is free")
        .isEqualTo("carol");
    aliceBack.close();
  }

  @Test
  void afterRedisRestartsEmptyEachNodeClaimsItsNamesAgain() throws Exception {
    V1Client alice = V1Client.joined(nodes.a(), "/rooms/restart", "alice", ALICE_KEY);
    V1Client watcher = V1Client.joined(nodes.b(), "/rooms/restart", "watcher");
    alice.nextOfType("presence");

    nodes.redis().stop();
    nodes.redis().restart();
    awaitBrokerOk(nodes.a());
    awaitBrokerOk(nodes.b());

    // Node a claims alice again within a heartbeat; until then the name may look free.
    long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
    String answer;
    do {
      V1Client taker = V1Client.joining(nodes.b(), "/rooms/restart", "alice", OTHER_KEY);
      answer = answer(taker);
      taker.close();
      assertThat(taker.socket.awaitClose(TestClient.WAIT)).isTrue();
    } while (!answer.equals("name_taken") && System.nanoTime() < deadline);
    assertThat(answer).as("alice's name is hers again across the cluster").isEqualTo("name_taken");

    alice.send("r-1", "after the restart");
    assertThat(watcher.nextOfType("message").get("text").asText()).isEqualTo("after the restart");
    assertThat(alice.socket.closeCode()).as("alice's connection stayed open").isEqualTo(-1);
  }

  @Test
  void aLeaveWhileRedisIsOutOfReachFreesTheNameOnceItIsBack() throws Exception {
    V1Client watcher = V1Client.joined(nodes.a(), "/rooms/unreachable", "watcher");
    V1Client alice = V1Client.joined(nodes.b(), "/rooms/unreachable", "alice", ALICE_KEY);
    assertThat(watcher.nextOfType("presence").get("name").asText()).isEqualTo("alice");

    nodes.linkOfB().cut();
    alice.close();
    assertThat(alice.socket.awaitClose(TestClient.WAIT)).isTrue();
    nodes.b().awaitReportedConnections(0);
    nodes.linkOfB().restore();

    JsonNode left = watcher.nextOfType("presence");
    assertThat(left.get("event").asText()).isEqualTo("leave");
    assertThat(left.get("name").asText()).isEqualTo("alice");
    V1Client newcomer = V1Client.joining(nodes.a(), "/rooms/unreachable", "alice", OTHER_KEY);
    assertThat(newcomer.expect("welcome").get("name").asText())
        .as("the name is free, though its node never stopped")
        .isEqualTo("alice");
  }

  @Test
  void aResentClientIdIsADuplicateForTheSameKeyOnAnyNodeAndForNoOneElse() throws Exception {
    V1Client watcher = V1Client.joined(nodes.b(), "/rooms/cids", "watcher");
    V1Client alice = V1Client.joined(nodes.a(), "/rooms/cids", "alice", ALICE_KEY);
    alice.send("c-1", "hello");
    JsonNode first = alice.awaitAck("c-1");
    assertThat(first.get("duplicate").asBoolean()).isFalse();

    V1Client aliceElsewhere = V1Client.joined(nodes.b(), "/rooms/cids", "alice", ALICE_KEY);
    aliceElsewhere.send("c-1", "hello");
    JsonNode again = aliceElsewhere.awaitAck("c-1");
    assertThat(again.get("duplicate").asBoolean())
        .as("the same person's id, re-sent from another window on another node")
        .isTrue();
    assertThat(again.get("id").asLong()).isEqualTo(first.get("id").asLong());

    V1Client bob = V1Client.joined(nodes.b(), "/rooms/cids", "bob", OTHER_KEY);
    bob.send("c-1", "bob's own");
    assertThat(bob.awaitAck("c-1").get("duplicate").asBoolean())
        .as("another key's id, though equal to alice's")
        .isFalse();

    V1Client carol = V1Client.joined(nodes.a(), "/rooms/cids", "carol");
    carol.send("c-1", "carol, no key");
    carol.awaitAck("c-1");
    carol.send("c-1", "carol, no key");
    assertThat(carol.awaitAck("c-1").get("duplicate").asBoolean())
        .as("a keyless sender's id on its own connection")
        .isTrue();
    carol.close();
    assertThat(carol.socket.awaitClose(TestClient.WAIT)).isTrue();
    // Until node a has handled the close, carol's keyless name is still that connection's.
    V1Client carolAgain = V1Client.joinedRetrying(nodes.b(), "/rooms/cids", "carol");
    carolAgain.send("c-1", "carol again, no key");
    assertThat(carolAgain.awaitAck("c-1").get("duplicate").asBoolean())
        .as("without a key nothing says it is the same sender")
        .isFalse();

    assertThat(messageTexts(watcher, 4))
        .containsExactly("hello", "bob's own", "carol, no key", "carol again, no key");
    watcher.expectSilence(QUIET);
  }

  private static CompletableFuture<Void> joinWhenStarted(
      CountDownLatch start, V1Client client, String name, String key) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            start.await();
            client.join(name, key, null);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** {@code welcome}, or the code of the error that answered a join. */
  private static String answer(V1Client client) throws Exception {
    JsonNode reply = client.next();
    String type = reply.get("type").asText();
    return type.equals("error") ? reply.get("code").asText() : type;
  }

  private static void awaitBrokerOk(Harness node) throws Exception {
    node.awaitHealth("redis: ok", body -> body.contains("\"broker\":\"redis: ok\""));
  }

  /** The texts of the next {@code count} messages, skipping acks and presence. */
  private static List<String> messageTexts(V1Client client, int count) throws Exception {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      texts.add(client.nextOfType("message").get("text").asText());
    }
    return texts;
  }

  private static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(n -> names.add(n.asText()));
    return names;
  }
}
