package org.chatharness.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.chatharness.e2e.support.Browsers;
import org.chatharness.e2e.support.ChatPage;
import org.chatharness.e2e.support.ChatServerContainer;
import org.chatharness.e2e.support.E2eSettings;
import org.chatharness.e2e.support.FailureArtifacts;
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
 */
@Testcontainers
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TutorialPageChatTest {
  private static final String TUTORIAL_PATH = "/tutorial.html";
  private static final String TUTORIAL_SOCKET = "ws://localhost:8000";

  @AutoClose static final StaticSite tutorialSite = StaticSite.start();
  @AutoClose static final TcpProxy ourPageProxy = TcpProxy.open();

  @Container
  static final ChatServerContainer server =
      new ChatServerContainer().withAllowedOrigins(tutorialSite.origin(), ourPageProxy.origin());

  @RegisterExtension final Browsers browsers = new Browsers();

  @RegisterExtension
  final FailureArtifacts failures =
      new FailureArtifacts(browsers).withContainerLog("server", server);

  @BeforeAll
  static void serveTheTutorialPageAimedAtTheContainer() throws IOException {
    String original = Files.readString(E2eSettings.current().tutorialPage());
    assertThat(original)
        .as("the tutorial fixture still opens %s", TUTORIAL_SOCKET)
        .contains('"' + TUTORIAL_SOCKET + '"');
    String socket = "ws://" + server.getHost() + ":" + server.port();
    tutorialSite.serve(TUTORIAL_PATH, original.replace(TUTORIAL_SOCKET, socket));
    ourPageProxy.forwardTo(server.getHost(), server.port());
  }

  @Test
  void aMessageTypedInTheTutorialPageAppearsInBothPages() {
    TutorialPage tutorial = openTutorialPage();
    ChatPage ours = openOurPage();

    tutorial.send("hello from the tutorial page");

    ours.waitForMessage("hello from the tutorial page");
    tutorial.waitForMessage("hello from the tutorial page");
    assertThat(ours.messages())
        .as("our page's messages")
        .containsExactly("hello from the tutorial page");
  }

  @Test
  void aMessageTypedInOurPageAppearsInBothPages() {
    TutorialPage tutorial = openTutorialPage();
    ChatPage ours = openOurPage();

    ours.send("hello from our page");

    tutorial.waitForMessage("hello from our page");
    ours.waitForMessage("hello from our page");
    assertThat(tutorial.messages())
        .as("the tutorial page's messages")
        .containsExactly("hello from our page");
  }

  private TutorialPage openTutorialPage() {
    return new TutorialPage(browsers.open())
        .open(tutorialSite.uri(TUTORIAL_PATH))
        .waitUntilConnected();
  }

  private ChatPage openOurPage() {
    return new ChatPage(browsers.open()).open(ourPageProxy.httpUri("/")).waitUntilConnected();
  }
}
