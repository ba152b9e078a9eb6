package org.chatharness.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.chatharness.e2e.support.ChatPage;
import org.chatharness.e2e.support.ChatServerContainer;
import org.chatharness.e2e.support.RunsOn;
import org.chatharness.e2e.support.RunsOn.Mode;
import org.chatharness.e2e.support.SharedServerScenario;
import org.chatharness.e2e.support.StaticSite;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A copy of our page on another site is refused by the server, and says it could not connect.
 *
 * <p>The foreign site serves browser-page's own files (the page, its script and modules, from the
 * classpath) with one file replaced: {@code chat-url.js}, which normally derives the socket's
 * address from the page's own, points at the server in the container instead (its other exports are
 * the real module's). So what runs is our page's real code, as it would if someone put it on their
 * site, aimed at our server; the browser sends the foreign origin, and the server (default policy:
 * same origin only) answers 403.
 */
@RunsOn(
    value = Mode.CONTAINER,
    whyNot = "checks this project's default origin rule and reads the server's log")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ForeignOriginTest {
  private static final Duration LOG_WAIT = Duration.ofSeconds(10);
  private static final String REAL_CHAT_URL = "/chat-url.real.js";

  @AutoClose static final StaticSite foreignSite = StaticSite.start().withClasspathRoot("web/");

  @RegisterExtension final SharedServerScenario scenario = new SharedServerScenario();

  @Test
  void ourPageOnAnotherOriginIsRefusedAndSaysItCouldNotConnect() throws IOException {
    ChatServerContainer server = scenario.server().container();
    foreignSite.serve(REAL_CHAT_URL, classpathText("web/chat-url.js"));
    foreignSite.serve("/chat-url.js", chatUrlModuleAimedAt(server.webSocketUri().toString()));

    // The page opens its socket at once, before a name is chosen: the refusal does not wait for
    // one.
    ChatPage page = new ChatPage(scenario.browsers().open()).open(foreignSite.uri("/"));

    ChatPage.Status status = page.waitForState(ChatPage.CLOSED);
    assertThat(status.text())
        .as("status line of the refused page")
        .isEqualTo("disconnected (could not connect)");
    await("the server logging the refused origin")
        .atMost(LOG_WAIT)
        .untilAsserted(
            () ->
                assertThat(server.getLogs())
                    .as("server log")
                    .contains("refused origin=" + foreignSite.origin()));
    assertThat(page.browser().consoleLog())
        .as("browser console: the handshake's answer")
        .anySatisfy(
            line -> assertThat(line).contains(server.webSocketUri().toString()).contains("403"));
  }

  /**
   * Stands in for browser-page's chat-url.js: everything the real module exports (re-exported from
   * its copy at {@value #REAL_CHAT_URL}), except {@code socketUrl}, which gives a fixed address. A
   * module's own export wins over a name from {@code export *}; re-exporting keeps this working
   * when chat-url.js gains exports.
   */
  private static String chatUrlModuleAimedAt(String webSocketUrl) {
    return """
        // Served by ForeignOriginTest in place of chat-url.js: this copy of the page lives on
        // another origin, and its socket goes to the chat server under test.
        export * from ".%s";
        export function socketUrl() {
          return %s;
        }
        """
        .formatted(REAL_CHAT_URL, '"' + webSocketUrl + '"');
  }

  private static String classpathText(String name) throws IOException {
    try (InputStream in = ForeignOriginTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as("%s on the classpath (browser-page)", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
