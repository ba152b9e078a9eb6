package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.chatharness.server.room.Room;
import org.chatharness.server.support.Harness;
import org.chatharness.server.support.TestClient;
import org.chatharness.server.support.V1Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Presence in a room of more than {@link Room#PRESENCE_LIST_LIMIT} names: changes are gathered into
 * a few {@code changes} events, and a client that applies them to its welcome's list keeps it
 * right.
 */
@Timeout(90)
class LargeRoomPresenceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROOM = "/rooms/big";
  private static final Duration QUIET = Room.PRESENCE_BATCH.multipliedBy(4);

  @Test
  void aWaveOfJoinsAndLeavesComesInFewEventsThatKeepTheOnlineListRight() throws Exception {
    try (Harness h = Harness.start(ServerConfig.forTests())) {
      V1Client observer = V1Client.connect(h, ROOM);
      observer.join("observer", null, null);
      Set<String> online = names(observer.expect("welcome").get("online"));
      observer.expect("history");
      List<V1Client> crowd = new ArrayList<>();
      Set<String> expected = new HashSet<>(Set.of("observer"));
      for (int i = 0; i < Room.PRESENCE_LIST_LIMIT; i++) {
        crowd.add(V1Client.joined(h, ROOM, "u" + i));
        expected.add("u" + i);
      }
      follow(observer, online, expected);
      assertThat(online).as("the observer's list as the room filled").isEqualTo(expected);

      // A wave in a room over the limit: 20 join at once while 5 leave.
      List<V1Client> wave = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        V1Client newcomer = V1Client.connect(h, ROOM);
        newcomer.join("w" + i, null, null);
        wave.add(newcomer);
        expected.add("w" + i);
      }
      for (int i = 0; i < 5; i++) {
        crowd.get(i).close();
        expected.remove("u" + i);
      }
      Follow events = follow(observer, online, expected);

      assertThat(online).as("the observer's list after the wave").isEqualTo(expected);
      assertThat(events.count).as("presence events for 25 changes").isLessThan(25);
      assertThat(events.kinds).as("events in a room over the limit").containsOnly("changes");
      V1Client late = V1Client.connect(h, ROOM);
      late.join("late", null, null);
      expected.add("late");
      assertThat(names(late.expect("welcome").get("online"))).isEqualTo(expected);
    }
  }

  /** What {@link #follow} saw: how many presence events, and their kinds. */
  private record Follow(int count, Set<String> kinds) {}

  /**
   * Applies the observer's presence events to {@code online}, as the page does, until it equals
   * {@code expected} (or {@link TestClient#WAIT} has passed), then until the events stop, so that
   * late extra events are counted too.
   */
  private static Follow follow(V1Client observer, Set<String> online, Set<String> expected)
      throws Exception {
    int count = 0;
    Set<String> kinds = new HashSet<>();
    long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
    while (true) {
      boolean settled = online.equals(expected);
      Duration wait = settled ? QUIET : Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
      String text = observer.socket.poll(wait);
      if (text == null) {
        return new Follow(count, kinds);
      }
      JsonNode event = JSON.readTree(text);
      if (!"presence".equals(event.path("type").asText())) {
        continue;
      }
      count++;
      String kind = event.get("event").asText();
      kinds.add(kind);
      if (event.has("online")) {
        online.clear();
        online.addAll(names(event.get("online")));
      } else if (kind.equals("changes")) {
        online.removeAll(names(event.get("left")));
        online.addAll(names(event.get("joined")));
      } else {
        throw new AssertionError("a presence event without a list or changes: " + text);
      }
    }
  }

  private static Set<String> names(JsonNode array) {
    Set<String> names = new HashSet<>();
    array.forEach(n -> names.add(n.asText()));
    return names;
  }
}
