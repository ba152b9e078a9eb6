package org.chatharness.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
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
 * A room keeps its history for whoever joins later, and rooms do not see each other.
 *
 * <p>On the run's shared server; each test has rooms of its own.
 */
@RunsOn(
    value = {Mode.CONTAINER, Mode.V1_URL},
    whyNot = RunsOn.CHAT_V1_PAGE)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HistoryAndRoomsTest {
  @RegisterExtension final SharedServerScenario scenario = new SharedServerScenario();

  @Test
  void aLateJoinerSeesTheRoomsHistoryInOrderAndExactlyOnce() {
    String room = RoomNames.unique("history");
    ChatPage alice = scenario.joinAs("alice", room);
    ChatPage bob = scenario.joinAs("bob", room);

    // Each message is delivered before the next is typed: the room's order is the order below.
    List<String> texts =
        List.of("first, from alice", "second, from bob", "third, from alice", "fourth, from bob");
    for (int i = 0; i < texts.size(); i++) {
      ChatPage sender = i % 2 == 0 ? alice : bob;
      ChatPage other = i % 2 == 0 ? bob : alice;
      sender.send(texts.get(i));
      other.waitForMessage(texts.get(i));
    }

    ChatPage carol = scenario.joinAs("carol", room);

    List<Item> history = ShownOnce.inOrder(carol, texts);
    assertThat(history)
        .as("the senders on the late joiner's page")
        .extracting(Item::from)
        .containsExactly("alice", "bob", "alice", "bob");
    assertThat(history)
        .as("the ids on the late joiner's page, in the room's order")
        .extracting(item -> Long.parseLong(item.id()))
        .isSorted();
    assertThat(carol.waitForOnline(List.of("alice", "bob", "carol")))
        .as("the late joiner's online list")
        .containsExactly("alice", "bob", "carol");
  }

  @Test
  void aBrowserInAnotherRoomSeesNoneOfTheFirstRoomsMessagesAndItsOwnStayThere() {
    String first = RoomNames.unique("first");
    String other = RoomNames.unique("other");
    ChatPage alice = scenario.joinAs("alice", first);
    ChatPage bob = scenario.joinAs("bob", first);
    List<String> firstRoomTexts = List.of("for the first room, from alice", "also, from bob");
    alice.send(firstRoomTexts.get(0));
    bob.waitForMessage(firstRoomTexts.get(0));
    bob.send(firstRoomTexts.get(1));
    alice.waitForMessage(firstRoomTexts.get(1));

    ChatPage dave = scenario.joinAs("dave", other);
    dave.send("for the other room, from dave");
    // Delivered to dave means published: the history dave was sent on joining, and anything
    // wrongly sent to the first room, came before.
    dave.waitForMessage("for the other room, from dave");

    assertThat(dave.room()).as("room shown on dave's page").isEqualTo(other);
    assertThat(dave.messages())
        .as("messages in the other room")
        .containsExactly("for the other room, from dave");
    assertThat(dave.online()).as("online in the other room").containsExactly("dave");

    // A barrier in the first room: its members' queues are in order, so a message of the other
    // room that leaked into the first would have been received before this one.
    alice.send("after dave's message, from alice");
    for (ChatPage page : List.of(alice, bob)) {
      page.waitForMessage("after dave's message, from alice");
      assertThat(page.messages())
          .as("messages in the first room on %s's page", page.browser().name())
          .containsExactly(
              firstRoomTexts.get(0), firstRoomTexts.get(1), "after dave's message, from alice");
      assertThat(page.online())
          .as("online in the first room on %s's page", page.browser().name())
          .containsExactly("alice", "bob");
    }
  }
}
