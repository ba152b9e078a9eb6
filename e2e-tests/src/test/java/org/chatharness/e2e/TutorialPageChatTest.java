package org.chatharness.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.chatharness.e2e.support.Browsers;
import org.chatharness.e2e.support.ChatPage;
import org.chatharness.e2e.support.ChatPage.Item;
import org.chatharness.e2e.support.ChatServerContainer;
import org.chatharness.e2e.support.E2eSettings;
import org.chatharness.e2e.support.RoomNames;
import org.chatharness.e2e.support.RunsOn;
import org.chatharness.e2e.support.RunsOn.Mode;
import org.chatharness.e2e.support.StaticSite;
import org.chatharness.e2e.support.TcpProxy;
import org.chatharness.e2e.support.TutorialPage;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The tutorial's original page and ours chat with each other through the server in its container:
 * the server speaks the tutorial's protocol.
 *
 * <p>The tutorial page comes from a site of its own, so the server must allow that origin; an
 * allowlist replaces the server's same-origin rule, so it must also name the origin our page is
 * loaded from. That origin has to be known before the container starts, when its mapped port is
 * not: our page is therefore loaded through a {@link TcpProxy} whose port is bound first. The proxy
 * only forwards bytes; the tutorial page's socket goes to the container's port directly.
 *
 * <p>The tutorial page speaks the plain protocol, ours chat.v1: ours shows the tutorial's messages
 * as from "anonymous", the tutorial page shows ours as their bare text. Each test has a room of its
 * own, as the server keeps a room's history for the next test's page.
 */
@Testcontainers
@RunsOn(
    value = Mode.CONTAINER,
    whyNot =
        "the tutorial page comes from a site of its own, whose origin the server must be started to allow (--allowed-origins); ServedPageChatTest covers the page a server serves")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TutorialPageChatTest {
  private static final String TUTORIAL_SOCKET = "ws://localhost:8000";

  @AutoClose static final StaticSite tutorialSite = StaticSite.start();
  @AutoClose static final TcpProxy ourPageProxy = TcpProxy.open();

  @Container
  static final ChatServerContainer server =
      new ChatServerContainer().withAllowedOrigins(tutorialSite.origin(), ourPageProxy.origin());

  @RegisterExtension final Browsers browsers = new Browsers().withContainerLog("server", server);

  @BeforeAll
  static void pointOurPageProxyAtTheContainer() {
    ourPageProxy.forwardTo(server.getHost(), server.port());
  }

  @Test
  void aMessageTypedInTheTutorialPageAppearsInBothAndOursShowsItFromAnonymous() throws IOException {
    BothPages pages = openBothPages("tutorial-to-ours");

    pages.tutorial().send("hello from the tutorial page");

    Item shown = pages.waitUntilBothShow("hello from the tutorial page");
    assertThat(shown.from()).as("sender of a plain client, on our page").isEqualTo("anonymous");
    assertThat(shown.isOwn()).as("own message, on our page").isFalse();
  }

  @Test
  void aMessageTypedInOurPageAppearsInBothAndTheTutorialPageShowsItAsBareText() throws IOException {
    BothPages pages = openBothPages("ours-to-tutorial");

    pages.ours().send("hello from our page");

    Item shown = pages.waitUntilBothShow("hello from our page");
    assertThat(pages.tutorial().messages())
        .as("the tutorial page's messages: the text alone, no chat.v1 JSON")
        .containsExactly("hello from our page");
    assertThat(shown.from()).as("sender, on our page").isEqualTo("alice");
    assertThat(shown.isOwn()).as("own message, on our page").isTrue();
  }

  /** The tutorial's page and ours (as alice), in a room of their own. */
  private record BothPages(TutorialPage tutorial, ChatPage ours) {
    /** Waits until both pages show {@code text}, our page as its only message, and returns it. */
    Item waitUntilBothShow(String text) {
      tutorial.waitForMessage(text);
      ours.waitForMessage(text);
      List<Item> messages = ours.messageItems();
      assertThat(messages).as("our page's messages").extracting(Item::text).containsExactly(text);
      return messages.get(0);
    }
  }

  private BothPages openBothPages(String roomPrefix) throws IOException {
    String room = RoomNames.unique(roomPrefix);
    return new BothPages(openTutorialPage(room), openOurPage("alice", room));
  }

  /** The tutorial's page, its fixed socket address rewritten to {@code room} in the container. */
  private TutorialPage openTutorialPage(String room) throws IOException {
    String original = Files.readString(E2eSettings.current().tutorialPage());
    assertThat(original)
        .as("the tutorial fixture still opens %s", TUTORIAL_SOCKET)
        .contains('"' + TUTORIAL_SOCKET + '"');
    String socket = "ws://" + server.getHost() + ":" + server.port() + "/rooms/" + room;
    String path = "/tutorial-" + room + ".html";
    tutorialSite.serve(path, original.replace(TUTORIAL_SOCKET, socket));
    return new TutorialPage(browsers.open("tutorial"))
        .open(tutorialSite.uri(path))
        .waitUntilConnected();
  }

  private ChatPage openOurPage(String name, String room) {
    return new ChatPage(browsers.open(name))
        .open(ourPageProxy.httpUri("/rooms/" + room))
        .join(name);
  }
}
