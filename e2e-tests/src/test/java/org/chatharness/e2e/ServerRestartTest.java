package org.chatharness.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.chatharness.e2e.support.Browsers;
import org.chatharness.e2e.support.ChatPage;
import org.chatharness.e2e.support.ChatPage.Item;
import org.chatharness.e2e.support.ChatServerContainer;
import org.chatharness.e2e.support.RoomNames;
import org.chatharness.e2e.support.RunsOn;
import org.chatharness.e2e.support.RunsOn.Mode;
import org.chatharness.e2e.support.TcpProxy;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The server's container is stopped and started again; the pages reconnect by themselves, say that
 * messages were missed (history is in memory, so the new process has none), keep what they showed
 * without doubling it, send what was typed meanwhile once, and chat again.
 *
 * <p>Docker maps the container's port anew on every start, and a page reconnects to the address it
 * was loaded from; so the pages are loaded through a {@link TcpProxy} that is pointed at whatever
 * port the restarted container got. The restart changes the container, so this class's container
 * serves this one test.
 */
@Testcontainers
@RunsOn(value = Mode.CONTAINER, whyNot = "stops and restarts the server")
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ServerRestartTest {
  private static final Logger LOG = LoggerFactory.getLogger(ServerRestartTest.class);

  /**
   * The server takes a few seconds to start, during which the pages' attempts fail and their
   * backoff (full jitter, capped at 15 s: backoff.js) grows.
   */
  private static final Duration RECONNECT_WAIT = Duration.ofSeconds(45);

  private static final String WHILE_DOWN = "written while the server was down, from alice";

  @Container static final ChatServerContainer server = new ChatServerContainer();

  @AutoClose final TcpProxy front = TcpProxy.open();

  @RegisterExtension final Browsers browsers = new Browsers().withContainerLog("server", server);

  @Test
  void pagesReconnectAfterARestartKeepWhatTheyShowedOnceSendWhatWasTypedMeanwhileAndChatAgain() {
    String room = RoomNames.unique("restart");
    front.forwardTo(server.getHost(), server.port());
    ChatPage alice = openThroughTheFront("alice", room);
    ChatPage bob = openThroughTheFront("bob", room);
    List<String> before = List.of("before the restart, from alice", "before too, from bob");
    alice.send(before.get(0));
    bob.waitForMessage(before.get(0));
    bob.send(before.get(1));
    alice.waitForMessage(before.get(1));

    server.stopServer();
    for (ChatPage page : List.of(alice, bob)) {
      assertThat(page.waitUntilDisconnected().state())
          .as("%s's status while the server is down", page.browser().name())
          .isEqualTo(ChatPage.RECONNECTING);
    }
    alice.send(WHILE_DOWN);
    assertThat(alice.messageItems())
        .as("alice's messages while the server is down")
        .last()
        .satisfies(
            item -> {
              assertThat(item.text()).as("text").isEqualTo(WHILE_DOWN);
              assertThat(item.isPending()).as("pending").isTrue();
            });

    int port = server.startAgain();
    LOG.info("container restarted: port {} before, {} now", server.port(), port);
    front.forwardTo(server.getHost(), port);

    for (ChatPage page : List.of(alice, bob)) {
      page.waitForState(ChatPage.OPEN, RECONNECT_WAIT);
      page.waitForOnline(List.of("alice", "bob"));
    }
    List<String> after = List.of("after the restart, from alice", "after too, from bob");
    alice.send(after.get(0));
    bob.waitForMessage(after.get(0));
    bob.send(after.get(1));
    alice.waitForMessage(after.get(1));

    for (ChatPage page : List.of(alice, bob)) {
      String name = page.browser().name();
      page.waitForMessages(after);
      page.waitForMessage(WHILE_DOWN);
      List<Item> shown = page.items();
      // The pending message goes out right after alice's welcome, before anything typed later.
      assertThat(shown)
          .as("%s's list: the old messages, the missed-messages notice, the new ones", name)
          .extracting(item -> item.isGap() ? "(gap)" : item.text())
          .containsExactly(
              before.get(0), before.get(1), "(gap)", WHILE_DOWN, after.get(0), after.get(1));
      assertThat(page.messageItems())
          .as("message ids on %s's page", name)
          .extracting(Item::id)
          .doesNotContainNull()
          .doesNotHaveDuplicates();
    }
  }

  private ChatPage openThroughTheFront(String name, String room) {
    return new ChatPage(browsers.open(name)).open(front.httpUri("/rooms/" + room)).join(name);
  }
}
