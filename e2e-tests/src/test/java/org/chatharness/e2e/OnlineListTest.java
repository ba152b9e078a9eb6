package org.chatharness.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.chatharness.e2e.support.Browsers;
import org.chatharness.e2e.support.ChatPage;
import org.chatharness.e2e.support.ChatPage.Item;
import org.chatharness.e2e.support.ChatServerContainer;
import org.chatharness.e2e.support.FailureArtifacts;
import org.chatharness.e2e.support.RoomNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Three browsers in one room: every message reaches every one of them exactly once and in one
 * order, and the online list follows who joins and who leaves.
 *
 * <p>One server for the class; each test has a room of its own.
 */
@Testcontainers
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OnlineListTest {
  private static final List<String> NAMES = List.of("alice", "bob", "carol");
  private static final int ROUNDS = 2;

  @Container static final ChatServerContainer server = new ChatServerContainer();

  @RegisterExtension final Browsers browsers = new Browsers();

  @RegisterExtension
  final FailureArtifacts failures =
      new FailureArtifacts(browsers).withContainerLog("server", server);

  @Test
  void everyMessageAppearsExactlyOnceAndInOneOrderInEveryBrowser() {
    String room = RoomNames.unique("three");
    Map<String, ChatPage> pages = new LinkedHashMap<>();
    for (String name : NAMES) {
      pages.put(name, openAs(name, room));
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
    pages.values().forEach(page -> page.waitForMessages(sent));

    List<String> firstOrder = null;
    for (Map.Entry<String, ChatPage> entry : pages.entrySet()) {
      String name = entry.getKey();
      List<Item> shown = entry.getValue().messageItems();
      assertThat(shown)
          .as("messages shown to %s", name)
          .extracting(Item::text)
          .containsExactlyInAnyOrderElementsOf(sent);
      assertThat(shown)
          .as("ids of the messages shown to %s", name)
          .extracting(Item::id)
          .doesNotContainNull()
          .doesNotHaveDuplicates();
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

    ChatPage alice = openAs("alice", room);
    assertThat(alice.waitForOnline(List.of("alice"))).as("alice alone").containsExactly("alice");

    ChatPage bob = openAs("bob", room);
    alice.waitForOnline(List.of("alice", "bob"));
    bob.waitForOnline(List.of("alice", "bob"));

    ChatPage carol = openAs("carol", room);
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

  private ChatPage openAs(String name, String room) {
    return new ChatPage(browsers.open(name)).open(server.roomPageUri(room)).join(name);
  }
}
