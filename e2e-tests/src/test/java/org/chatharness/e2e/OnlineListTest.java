package org.chatharness.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.chatharness.e2e.support.ChatPage;
import org.chatharness.e2e.support.ChatPage.Item;
import org.chatharness.e2e.support.RoomNames;
import org.chatharness.e2e.support.RunsOn;
import org.chatharness.e2e.support.RunsOn.Mode;
import org.chatharness.e2e.support.SharedServerScenario;
import org.chatharness.e2e.support.ShownOnce;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three browsers in one room: every message reaches every one of them exactly once and in one
 * order, and the online list follows who joins and who leaves, also in a room over 100 names.
 *
 * <p>On the run's shared server; each test has a room of its own.
 */
@RunsOn(
    value = {Mode.CONTAINER, Mode.V1_URL},
    whyNot = RunsOn.CHAT_V1_PAGE)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OnlineListTest {
  private static final List<String> NAMES = List.of("alice", "bob", "carol");
  private static final int ROUNDS = 2;

  @RegisterExtension final SharedServerScenario scenario = new SharedServerScenario();

  @Test
  void everyMessageAppearsExactlyOnceAndInOneOrderInEveryBrowser() {
    String room = RoomNames.unique("three");
    Map<String, ChatPage> pages = new LinkedHashMap<>();
    for (String name : NAMES) {
      pages.put(name, scenario.joinAs(name, room));
    }

    // Sent without waiting in between, so that the three senders' messages interleave.
    List<String> sent = new ArrayList<>();
    for (int round = 1; round <= ROUNDS; round++) {
      for (Map.Entry<String, ChatPage> page : pages.entrySet()) {
        String text = page.getKey() + " says " + round;
        page.getValue().send(text);
        sent.add(text);
      }
    }

    List<String> firstOrder = null;
    for (Map.Entry<String, ChatPage> entry : pages.entrySet()) {
      String name = entry.getKey();
      List<Item> shown = ShownOnce.inAnyOrder(entry.getValue(), sent);
      assertThat(shown)
          .as("senders shown to %s", name)
          .allSatisfy(
              item -> assertThat(item.text()).as("text").startsWith(item.from() + " says "));
      assertThat(shown)
          .as("messages marked own on %s's page", name)
          .allSatisfy(
              item -> assertThat(item.isOwn()).as(item.text()).isEqualTo(item.from().equals(name)));
      List<String> order = shown.stream().map(Item::id).toList();
      if (firstOrder == null) {
        firstOrder = order;
      } else {
        assertThat(order)
            .as("order of the messages on %s's page, as on alice's", name)
            .isEqualTo(firstOrder);
      }
    }
  }

  @Test
  void theOnlineListFollowsJoinsAndLeaves() {
    String room = RoomNames.unique("online");

    ChatPage alice = scenario.joinAs("alice", room);
    assertThat(alice.waitForOnline(List.of("alice"))).as("alice alone").containsExactly("alice");

    ChatPage bob = scenario.joinAs("bob", room);
    alice.waitForOnline(List.of("alice", "bob"));
    bob.waitForOnline(List.of("alice", "bob"));

    ChatPage carol = scenario.joinAs("carol", room);
    for (ChatPage page : List.of(alice, bob, carol)) {
      assertThat(page.waitForOnline(NAMES))
          .as("online list on %s's page, in alphabetical order", page.browser().name())
          .containsExactlyElementsOf(NAMES);
    }

    carol.browser().close();
    alice.waitForOnline(List.of("alice", "bob"));
    bob.waitForOnline(List.of("alice", "bob"));

    bob.browser().close();
    assertThat(alice.waitForOnline(List.of("alice")))
        .as("alice's online list after bob and carol left")
        .containsExactly("alice");
  }

  /**
   * In a room over 100 names the server sends presence as gathered changes, not one event per join
   * with the whole list: the page's list must still follow a wave of joins and leaves.
   */
  @Test
  void theOnlineListOfALargeRoomFollowsAWaveOfJoinsAndLeaves() {
    String room = RoomNames.unique("large");
    ChatPage alice = scenario.joinAs("alice", room);
    alice.waitForOnline(List.of("alice"));

    URI socket = scenario.server().roomSocketUri(room);
    List<String> expected = new ArrayList<>(List.of("alice"));
    List<WebSocket> crowd = new ArrayList<>();
    HttpClient http = HttpClient.newHttpClient();
    try {
      for (int i = 0; i < 110; i++) {
        String name = String.format(Locale.ROOT, "crowd-%03d", i);
        crowd.add(joinWithoutABrowser(http, socket, name));
        expected.add(name);
      }
      assertThat(alice.waitForOnline(expected)).as("alice's list after 110 joins").hasSize(111);

      for (WebSocket gone : crowd.subList(0, 15)) {
        gone.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
      }
      expected.subList(1, 16).clear();
      assertThat(alice.waitForOnline(expected)).as("alice's list after 15 left").hasSize(96);
    } finally {
      // The server is shared: none of them may stay connected into the next test, also when this
      // one failed (they answer pings, so the server would keep them).
      crowd.forEach(WebSocket::abort);
    }
  }

  /** A chat.v1 member that joins and reads (and ignores) everything the server sends it. */
  private static WebSocket joinWithoutABrowser(HttpClient http, URI socket, String name) {
    WebSocket ws =
        http.newWebSocketBuilder()
            .subprotocols("chat.v1")
            .buildAsync(
                socket,
                new WebSocket.Listener() {
                  @Override
                  public void onOpen(WebSocket webSocket) {
                    webSocket.request(Long.MAX_VALUE);
                  }
                })
            .join();
    ws.sendText("{\"type\":\"join\",\"name\":\"" + name + "\"}", true).join();
    return ws;
  }
}
