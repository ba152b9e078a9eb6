package org.chatharness.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.chatharness.e2e.support.Browsers;
import org.chatharness.e2e.support.ChatPage;
import org.chatharness.e2e.support.ChatServerContainer;
import org.chatharness.e2e.support.RoomNames;
import org.chatharness.e2e.support.RunsOn;
import org.chatharness.e2e.support.RunsOn.Mode;
import org.chatharness.e2e.support.ShownOnce;
import org.chatharness.e2e.support.TcpProxy;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * One browser loses its connection while the others chat on; once the network is back, it catches
 * up by itself, without losing or doubling a message, its own included.
 *
 * <p>That browser loads the page through a {@link TcpProxy}, so its WebSocket (which follows the
 * page's location) goes through the proxy too. The proxy forwards bytes unchanged: the browser's
 * {@code Host} and {@code Origin} both name the proxy, so the server's default same-origin rule
 * accepts it, and no {@code CHAT_ALLOWED_ORIGINS} is needed (TutorialPageChatTest needs one only
 * because its tutorial page comes from a third origin).
 */
@Testcontainers
@RunsOn(
    value = Mode.CONTAINER,
    whyNot = "cuts the page's connections with a proxy of its own in front of the container")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReconnectTest {
  /**
   * The page retries with exponential backoff and full jitter, capped at 15 s (backoff.js): after a
   * few seconds of failed attempts, the next one may be up to 8-15 s away.
   */
  private static final Duration RECONNECT_WAIT = Duration.ofSeconds(30);

  @Container static final ChatServerContainer server = new ChatServerContainer();

  @AutoClose final TcpProxy network = TcpProxy.open();

  @RegisterExtension final Browsers browsers = new Browsers().withContainerLog("server", server);

  @Test
  void aBrowserCutOffCatchesUpOnEveryMessageAndItsOwnPendingOneGoesOutOnce() {
    String room = RoomNames.unique("reconnect");
    network.forwardTo(server.getHost(), server.port());
    ChatPage alice =
        new ChatPage(browsers.open("alice")).open(network.httpUri("/rooms/" + room)).join("alice");
    ChatPage bob = openDirectly("bob", room);
    ChatPage carol = openDirectly("carol", room);

    bob.send("before the cut, from bob");
    for (ChatPage page : List.of(alice, bob, carol)) {
      page.waitForMessage("before the cut, from bob");
    }

    network.cut();

    ChatPage.Status cut = alice.waitUntilDisconnected();
    assertThat(cut.state()).as("alice's status once cut off").isEqualTo(ChatPage.RECONNECTING);
    assertThat(cut.text()).as("alice's status line once cut off").contains("reconnecting");
    bob.waitForOnline(List.of("bob", "carol")); // the server saw the connection go too

    bob.send("during the cut, from bob");
    carol.waitForMessage("during the cut, from bob");
    carol.send("during the cut, from carol");
    bob.waitForMessage("during the cut, from carol");

    alice.send("written while cut off, from alice");
    assertThat(alice.messageItems())
        .as("alice's messages while cut off")
        .last()
        .satisfies(
            item -> {
              assertThat(item.text()).as("text").isEqualTo("written while cut off, from alice");
              assertThat(item.isPending()).as("pending").isTrue();
              assertThat(item.id()).as("id").isNull();
              assertThat(item.mark()).as("mark").isEqualTo("sending…");
            });

    network.restore();

    alice.waitForState(ChatPage.OPEN, RECONNECT_WAIT);
    List<String> expected =
        List.of(
            "before the cut, from bob",
            "during the cut, from bob",
            "during the cut, from carol",
            "written while cut off, from alice");
    for (ChatPage page : List.of(alice, bob, carol)) {
      ShownOnce.inOrder(page, expected);
    }
    for (ChatPage page : List.of(alice, bob, carol)) {
      assertThat(page.waitForOnline(List.of("alice", "bob", "carol")))
          .as("%s's online list once alice is back", page.browser().name())
          .containsExactly("alice", "bob", "carol");
    }
  }

  private ChatPage openDirectly(String name, String room) {
    return new ChatPage(browsers.open(name)).open(server.roomPageUri(room)).join(name);
  }
}
