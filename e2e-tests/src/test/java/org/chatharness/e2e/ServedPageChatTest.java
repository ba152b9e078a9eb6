package org.chatharness.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.chatharness.e2e.support.Browsers;
import org.chatharness.e2e.support.RunsOn;
import org.chatharness.e2e.support.RunsOn.Mode;
import org.chatharness.e2e.support.ServedPage;
import org.chatharness.e2e.support.TutorialPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The page a plain server serves chats with itself: two browsers open it, and what one sends
 * appears in both. By default against the reference server (the Node {@code ws} broadcast example
 * with the tutorial's page), a server this project did not write; with {@code -Dchat.url} against
 * that server.
 */
@Testcontainers
@RunsOn(
    value = {Mode.CONTAINER, Mode.PLAIN_URL},
    whyNot = "the page of a chat.v1 server asks for a name first; the chat.v1 scenarios cover it")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServedPageChatTest {
  @Container static final ServedPage server = ServedPage.forThisRun();

  @RegisterExtension final Browsers browsers = new Browsers();

  @Test
  void twoCopiesOfTheServersPageChatWithEachOther() {
    TutorialPage first = new TutorialPage(browsers.open("first")).open(server.pageUri());
    TutorialPage second = new TutorialPage(browsers.open("second")).open(server.pageUri());
    first.waitUntilConnected();
    second.waitUntilConnected();
    String text = "hello from the first page " + UUID.randomUUID().toString().substring(0, 8);

    first.send(text);

    second.waitForMessage(text);
    first.waitForMessage(text);
    assertThat(second.messages()).as("the second page's messages").containsOnlyOnce(text);
  }
}
