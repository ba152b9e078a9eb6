package org.chatharness.e2e;

import static org.assertj.core.api.Assertions.assertThat;

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
 * Markup sent through a plain server's page is shown as typed, as text, in the other page: nothing
 * of it becomes an element. (The tutorial's own page fails this: it renders messages with {@code
 * innerHTML}.) For a server at {@code -Dchat.url}; XssTest holds this project's page to the same.
 */
@Testcontainers
@RunsOn(
    value = Mode.PLAIN_URL,
    whyNot =
        "for the page of a plain server at -Dchat.url; this project's page is XssTest's, and the"
            + " reference server's is the tutorial's, which renders markup on purpose")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServedPageMarkupTest {
  private static final String MARKUP = "<b>bold</b> & <img src=x onerror=\"window.xssFired=true\">";

  @Container static final ServedPage server = ServedPage.forThisRun();

  @RegisterExtension final Browsers browsers = new Browsers();

  @Test
  void markupTypedInOnePageIsShownAsTextInTheOther() {
    TutorialPage sender = new TutorialPage(browsers.open("sender")).open(server.pageUri());
    TutorialPage receiver = new TutorialPage(browsers.open("receiver")).open(server.pageUri());
    sender.waitUntilConnected();
    receiver.waitUntilConnected();

    sender.send(MARKUP);

    receiver.waitForMessage(MARKUP);
    assertThat(
            receiver
                .browser()
                .script("return document.querySelectorAll('#list b, #list img').length;"))
        .as("elements made of the message's markup")
        .isEqualTo(0L);
    assertThat(receiver.browser().script("return window.xssFired === undefined;"))
        .as("the message's handler never ran")
        .isEqualTo(true);
  }
}
