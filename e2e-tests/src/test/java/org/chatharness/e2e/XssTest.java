package org.chatharness.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.chatharness.e2e.support.Browser;
import org.chatharness.e2e.support.ChatPage;
import org.chatharness.e2e.support.RoomNames;
import org.chatharness.e2e.support.RunsOn;
import org.chatharness.e2e.support.RunsOn.Mode;
import org.chatharness.e2e.support.SharedServerScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Messages are text: markup sent by one person is shown as typed to everyone, and never runs.
 *
 * <p>On the run's shared server; each test chats in a room of its own, so that one test's messages
 * do not reach the next one as history.
 */
@RunsOn(
    value = {Mode.CONTAINER, Mode.V1_URL},
    whyNot = RunsOn.CHAT_V1_PAGE)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class XssTest {
  // Sets a flag (and opens an alert) if the page ever turns the message into an element.
  private static final String IMAGE_WITH_HANDLER =
      "<img src=x onerror=\"window.xssFired=true;alert(1)\">";
  private static final String MARKUP =
      "<b>bold</b> & <i>italic</i> <script>window.xssFired=true</script>";

  // A broken image of our own, to know when a broken image's onerror would have run by now.
  private static final String START_CONTROL_IMAGE =
      "const img = new Image();"
          + " img.onerror = () => { window.controlErrored = true; };"
          + " img.src = 'x?control';";

  @RegisterExtension final SharedServerScenario scenario = new SharedServerScenario();

  @Test
  void anImageWithAnErrorHandlerIsShownAsTextAndNeverRuns() {
    String room = RoomNames.unique("xss-img");
    ChatPage sender = scenario.joinAs("alice", room);
    ChatPage receiver = scenario.joinAs("bob", room);

    sender.send(IMAGE_WITH_HANDLER);
    receiver.waitForMessage(IMAGE_WITH_HANDLER);
    sender.waitForMessage(IMAGE_WITH_HANDLER);

    for (ChatPage page : new ChatPage[] {sender, receiver}) {
      Browser browser = page.browser();
      browser.script(START_CONTROL_IMAGE);
      browser.waitUntil(
          () -> "the control image's onerror on " + browser.name(),
          driver -> browser.script("return window.controlErrored === true;"));

      assertThat(browser.script("return document.querySelectorAll('#list img').length;"))
          .as("img elements in the message list of %s", browser.name())
          .isEqualTo(0L);
      assertThat(browser.script("return window.xssFired === undefined;"))
          .as("the message's onerror never ran on %s", browser.name())
          .isEqualTo(true);
      assertThat(browser.hasOpenDialog()).as("an alert is open on %s", browser.name()).isFalse();
    }
  }

  @Test
  void markupIsShownExactlyAsTypedAndCreatesNoElements() {
    String room = RoomNames.unique("xss-markup");
    ChatPage sender = scenario.joinAs("alice", room);
    ChatPage receiver = scenario.joinAs("bob", room);

    sender.sendWithEnter(MARKUP);
    receiver.waitForMessage(MARKUP);

    assertThat(receiver.messages()).as("messages on the receiving page").containsExactly(MARKUP);
    assertThat(
            receiver.browser().script("return document.querySelectorAll('#list .text *').length;"))
        .as("elements inside the received message's text")
        .isEqualTo(0L);
    assertThat(
            receiver
                .browser()
                .script(
                    "return document.querySelectorAll('#list b, #list i, #list script').length;"))
        .as("elements of the markup anywhere in the message list")
        .isEqualTo(0L);
    assertThat(receiver.browser().script("return window.xssFired === undefined;"))
        .as("the script in the message never ran")
        .isEqualTo(true);
  }
}
