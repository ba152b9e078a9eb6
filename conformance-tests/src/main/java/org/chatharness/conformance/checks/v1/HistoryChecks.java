package org.chatharness.conformance.checks.v1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.chatharness.conformance.Bounds;
import org.chatharness.conformance.Clients;
import org.chatharness.conformance.TargetResolver;
import org.chatharness.conformance.checks.Profiles;
import org.chatharness.conformance.checks.V1Room;
import org.chatharness.conformance.client.V1Client;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/PROTOCOL.md, {@code history} and resume: the room's last messages for a newcomer, and for a
 * client that comes back with {@code since} everything after it, with no gap and no duplicate.
 */
@Tag(Profiles.V1)
@ExtendWith(TargetResolver.class)
@Timeout(120)
class HistoryChecks {
  private static final int MOST_HISTORY_CHECKED = 500;

  @Test
  @DisplayName("a join without since gets the room's last messages, oldest first, gap false")
  void aJoinWithoutSinceGetsTheLastMessagesOldestFirst(Clients clients) throws Exception {
    V1Room room = new V1Room(clients, "history");
    V1Client alice = room.join(room.person("alice")).client();
    List<String> texts = List.of("one", "two", "three", "four", "five");
    sendAcked(alice, "h", texts);

    V1Room.Joined bob = room.join(room.person("bob"));

    assertThat(V1Room.historyTexts(bob.history()))
        .as("bob's history")
        .containsExactlyElementsOf(texts);
    assertThat(ids(bob.history())).as("its ids").isSorted().doesNotHaveDuplicates();
    assertThat(bob.history().path("gap").asBoolean(true)).as("history.gap").isFalse();
  }

  @Test
  @DisplayName("history holds the newest historyLimit messages (welcome.historyLimit)")
  void historyHoldsTheNewestHistoryLimitMessages(Clients clients) throws Exception {
    V1Room room = new V1Room(clients, "history-limit");
    V1Room.Joined first = room.join(room.person("sender-0"));
    int limit = first.welcome().path("historyLimit").asInt();
    assumeTrue(
        limit <= MOST_HISTORY_CHECKED, "historyLimit " + limit + " is more than this check sends");
    List<String> texts = new ArrayList<>();
    for (int i = 1; i <= limit + 5; i++) {
      texts.add("message " + i);
    }
    int budget = Math.min(texts.size(), clients.target().sendBudget());
    V1Client sender = first.client();
    for (int from = 0, senders = 1; from < texts.size(); from += budget, senders++) {
      if (from > 0) {
        sender = room.join(room.person("sender-" + senders)).client();
      }
      sendAcked(sender, "l" + senders, texts.subList(from, Math.min(texts.size(), from + budget)));
    }

    V1Room.Joined late = room.join(room.person("late"));

    assertThat(V1Room.historyTexts(late.history()))
        .as("history after %d messages, limit %d", texts.size(), limit)
        .containsExactlyElementsOf(texts.subList(texts.size() - limit, texts.size()));
  }

  @Test
  @DisplayName(
      "a resume with since replays exactly what came after it, gap false, then goes on live")
  void aResumeWithSinceReplaysWhatCameAfter(Clients clients) throws Exception {
    V1Room room = new V1Room(clients, "resume");
    URI node = clients.target().url();
    String alice = room.person("alice");
    String key = V1Room.newKey();
    V1Client aliceClient = room.join(node, alice, key, null).client();
    V1Client bob = room.join(room.person("bob")).client();
    sendAcked(bob, "r", List.of("seen 1", "seen 2"));
    long lastSeen = aliceClient.awaitMessage("seen 2").path("id").asLong();
    aliceClient.close();
    sendAcked(bob, "m", List.of("missed 1", "missed 2", "missed 3"));

    V1Room.Joined back = room.join(node, alice, key, lastSeen);
    bob.send("live-1", "live");

    assertThat(V1Room.historyTexts(back.history()))
        .as("the replay")
        .containsExactly("missed 1", "missed 2", "missed 3");
    assertThat(back.history().path("gap").asBoolean(true)).as("history.gap").isFalse();
    assertThat(back.client().nextOfType("message").path("text").asText())
        .as("the first live message after the replay")
        .isEqualTo("live");
  }

  @Test
  @DisplayName(
      "a resume while messages keep coming loses none and repeats none between replay and live")
  void aResumeWhileMessagesKeepComingLosesAndRepeatsNothing(Clients clients) throws Exception {
    V1Room room = new V1Room(clients, "resume-live");
    URI node = clients.target().url();
    V1Room.Joined watcher = room.join(room.person("watcher"));
    long since = watcher.welcome().path("lastId").asLong();
    V1Client bob = room.join(room.person("bob")).client();
    int count = Math.min(20, clients.target().sendBudget());
    List<String> texts = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      texts.add("stream " + i);
    }

    CompletableFuture<Void> streaming =
        CompletableFuture.runAsync(
            () -> {
              try {
                for (int i = 0; i < texts.size(); i++) {
                  bob.send("s-" + i, texts.get(i));
                }
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    V1Room.Joined resumed = room.join(node, room.person("resumer"), V1Room.newKey(), since);
    streaming.get(Bounds.DELIVERY.toMillis(), TimeUnit.MILLISECONDS);

    List<String> seen = new ArrayList<>(V1Room.historyTexts(resumed.history()));
    while (!seen.contains(texts.get(texts.size() - 1))) {
      seen.add(resumed.client().nextOfType("message").path("text").asText());
    }
    assertThat(seen).as("replay and live stream together").containsExactlyElementsOf(texts);
  }

  @Test
  @DisplayName("a resume from before what the history holds (since 1) says gap true")
  void aResumeFromBeforeTheHistorySaysGap(Clients clients) throws Exception {
    V1Room room = new V1Room(clients, "gap");
    sendAcked(room.join(room.person("alice")).client(), "g", List.of("something"));

    V1Room.Joined old = room.join(clients.target().url(), room.person("old"), V1Room.newKey(), 1L);

    assertThat(old.history().path("gap").asBoolean(false)).as("history.gap").isTrue();
  }

  @Test
  @DisplayName("welcome.lastId is where a client that saw nothing resumes: no gap, nothing missed")
  void welcomeLastIdIsTheResumePointOfAClientThatSawNothing(Clients clients) throws Exception {
    V1Room room = new V1Room(clients, "last-id");
    URI node = clients.target().url();
    String alice = room.person("alice");
    String key = V1Room.newKey();
    V1Room.Joined first = room.join(node, alice, key, null);
    long lastId = first.welcome().path("lastId").asLong();
    first.client().close();
    sendAcked(room.join(room.person("bob")).client(), "x", List.of("while away 1", "while away 2"));

    V1Room.Joined back = room.join(node, alice, key, lastId);

    assertThat(V1Room.historyTexts(back.history()))
        .as("the replay")
        .containsExactly("while away 1", "while away 2");
    assertThat(back.history().path("gap").asBoolean(true)).as("history.gap").isFalse();
  }

  @Test
  @DisplayName("a room keeps its history after everyone left")
  void aRoomKeepsItsHistoryAfterEveryoneLeft(Clients clients) throws Exception {
    V1Room room = new V1Room(clients, "kept");
    V1Client alice = room.join(room.person("alice")).client();
    sendAcked(alice, "k", List.of("for later"));
    alice.close();
    assertThat(alice.socket().awaitClose(Bounds.CLOSE)).as("alice left").isNotNull();

    V1Room.Joined later = room.join(room.person("later"));

    assertThat(V1Room.historyTexts(later.history())).as("the history").containsExactly("for later");
  }

  /** Sends each text with cid {@code prefix-i} and waits for every ack. */
  static void sendAcked(V1Client client, String prefix, List<String> texts) throws Exception {
    for (int i = 0; i < texts.size(); i++) {
      client.send(prefix + "-" + i, texts.get(i));
    }
    for (int i = 0; i < texts.size(); i++) {
      JsonNode ack = client.awaitAck(prefix + "-" + i);
      assertThat(ack.path("type").asText()).as("answer to %s-%d", prefix, i).isEqualTo("ack");
    }
  }

  private static List<Long> ids(JsonNode history) {
    return StreamSupport.stream(history.path("messages").spliterator(), false)
        .map(m -> m.path("id").asLong())
        .toList();
  }
}
