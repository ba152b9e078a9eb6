package org.chatharness.e2e.support;

import java.net.URI;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The tutorial's original page (browser-page's {@code tutorial/original.html}): a box {@code
 * #input}, a button {@code #btn}, a list {@code #list}, and a global {@code ws} socket. It has no
 * status line, so readiness is read from the socket itself.
 */
public final class TutorialPage {
  private static final String SOCKET_OPEN =
      "return typeof ws !== 'undefined' && ws.readyState === WebSocket.OPEN;";
  private static final String MESSAGE_TEXTS =
      "return Array.from(document.querySelectorAll('#list li'), li => li.textContent);";

  private final Browser browser;

  public TutorialPage(Browser browser) {
    this.browser = browser;
  }

  /** Loads the page from {@code url}. */
  public TutorialPage open(URI url) {
    browser.driver().get(url.toString());
    return this;
  }

  /** Waits until the page's socket is open: before that, its button throws instead of sending. */
  public TutorialPage waitUntilConnected() {
    browser.waitUntil(
        () -> "the tutorial page's WebSocket to open; console: " + browser.consoleLog(),
        driver -> (Boolean) browser.script(SOCKET_OPEN));
    return this;
  }

  /** Types {@code text} (the page never clears its box) and clicks the button. */
  public TutorialPage send(String text) {
    WebElement input = browser.driver().findElement(By.id("input"));
    input.clear();
    input.sendKeys(text);
    browser.driver().findElement(By.id("btn")).click();
    return this;
  }

  /** The texts of the messages shown, oldest first. */
  @SuppressWarnings("unchecked")
  public List<String> messages() {
    return List.copyOf((List<String>) browser.script(MESSAGE_TEXTS));
  }

  /** Waits until a message with exactly this text is shown. */
  public TutorialPage waitForMessage(String text) {
    browser.waitUntil(
        () -> "message \"" + text + "\" on the tutorial page; it shows " + messages(),
        driver -> messages().contains(text));
    return this;
  }
}
