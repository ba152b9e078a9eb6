package org.chatharness.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.chatharness.e2e.support.Browser;
import org.chatharness.e2e.support.ChatPage;
import org.chatharness.e2e.support.ChatServerContainer;
import org.chatharness.e2e.support.RoomNames;
import org.chatharness.e2e.support.RunsOn;
import org.chatharness.e2e.support.RunsOn.Mode;
import org.chatharness.e2e.support.SharedServerScenario;
import org.chatharness.e2e.support.ShownOnce;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's "open it in two windows": two windows of one browser share its localStorage, so the
 * second joins with the first one's name and key. Both stay connected, both chat and receive, and
 * another person sees the name once, until the last window closes.
 *
 * <p>On the run's shared server, in a room of its own.
 */
@RunsOn(
    value = Mode.CONTAINER,
    whyNot =
        "counts the server's open connections on /health, which only a server no one else uses"
            + " keeps exact")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TwoWindowsTest {
  @RegisterExtension final SharedServerScenario scenario = new SharedServerScenario();

  @Test
  void twoWindowsOfOneBrowserBothChatAndTheOtherPersonSeesTheNameOnceUntilBothClose() {
    String room = RoomNames.unique("windows");
    ChatPage first = scenario.joinAs("alice", room);
    Browser alicesBrowser = first.browser();
    // The second window asks for no name: it has the first one's from localStorage.
    ChatPage second =
        new ChatPage(alicesBrowser, alicesBrowser.newWindow())
            .open(scenario.server().roomPageUri(room))
            .waitUntilConnected();
    ChatPage bob = scenario.joinAs("bob", room);

    List<ChatPage> pages = List.of(first, second, bob);
    for (ChatPage page : pages) {
      assertThat(page.waitForOnline(List.of("alice", "bob")))
          .as("alice once in the online list")
          .containsExactly("alice", "bob");
    }

    List<String> sent = List.of("from the first window", "from the second window", "from bob");
    first.send(sent.get(0));
    second.send(sent.get(1));
    bob.send(sent.get(2));
    for (ChatPage page : pages) {
      ShownOnce.inAnyOrder(page, sent);
    }
    assertThat(first.status().state())
        .as("the first window was not disconnected by the second")
        .isEqualTo(ChatPage.OPEN);

    // The server's count is the one sign that it has closed the first window's socket. It is
    // server-wide, so first it must be this test's three: earlier tests' sockets may still be
    // closing on the shared server.
    ChatServerContainer server = scenario.server().container();
    server.awaitConnections(3);
    first.closeWindow();
    server.awaitConnections(2);
    second.send("the second window stays");
    bob.waitForMessage("the second window stays");
    assertThat(bob.online()).as("alice is still there").containsExactly("alice", "bob");

    alicesBrowser.close();
    assertThat(bob.waitForOnline(List.of("bob")))
        .as("gone with her last window")
        .containsExactly("bob");
  }
}
