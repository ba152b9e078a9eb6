package org.chatharness.e2e.support;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.HasCdp;

/**
 * A page with the tutorial's contract: a box {@code #input}, a button {@code #btn} and a list
 * {@code #list} of messages, like the tutorial's original page (browser-page's {@code
 * tutorial/original.html}) or whatever page a plain server serves. Such a page has no status line,
 * so readiness is read from the WebSockets the page opened: a script that runs before the page's
 * own ones (Chrome DevTools' {@code Page.addScriptToEvaluateOnNewDocument}) keeps them in a list.
 */
public final class TutorialPage {
  // Keeps every WebSocket the page creates, without changing how the page uses them.
  private static final String TRACK_SOCKETS =
      """
      (() => {
        const Original = window.WebSocket;
        window.__sockets = [];
        window.WebSocket = class extends Original {
          constructor(...args) { super(...args); window.__sockets.push(this); }
        };
      })();""";
  private static final String SOCKETS_OPEN =
      "return window.__sockets !== undefined && window.__sockets.length > 0"
          + " && window.__sockets.every(s => s.readyState === WebSocket.OPEN);";
  private static final String MESSAGE_TEXTS =
      "return Array.from(document.querySelectorAll('#list li'), li => li.textContent);";

  private final Browser browser;

  public TutorialPage(Browser browser) {
    this.browser = browser;
  }

  /** Loads the page from {@code url}, its WebSockets tracked from the start. */
  public TutorialPage open(URI url) {
    ((HasCdp) browser.driver())
        .executeCdpCommand(
            "Page.addScriptToEvaluateOnNewDocument", Map.of("source", TRACK_SOCKETS));
    browser.driver().get(url.toString());
    return this;
  }

  /**
   * Waits until the page has opened its WebSocket: before that, the tutorial's button throws
   * instead of sending.
   */
  public TutorialPage waitUntilConnected() {
    browser.waitUntil(
        () -> "the page's WebSocket to open; console: " + browser.consoleLog(),
        driver -> (Boolean) browser.script(SOCKETS_OPEN));
    return this;
  }

  // A page that asks for a name before it chats (this project's chat.v1 page) shows this panel.
  private static final String ASKS_FOR_A_NAME =
      "const p = document.getElementById('name-panel'); return p !== null && !p.hidden;";

  /**
   * Types {@code text} (the page never clears its box) and clicks the button. Fails with the reason
   * when the page asks for a name first: that is a chat.v1 page, not the tutorial's.
   */
  public TutorialPage send(String text) {
    if (Boolean.TRUE.equals(browser.script(ASKS_FOR_A_NAME))) {
      throw new AssertionError(
          "the served page asks for a name before it chats: it is a chat.v1 page (this project's),"
              + " not the tutorial's; run the browser scenarios against it with -Dchat.profile=v1");
    }
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
        () -> "message \"" + text + "\" on the page; it shows " + messages(),
        driver -> messages().contains(text));
    return this;
  }

  /** The browser this page is in. */
  public Browser browser() {
    return browser;
  }
}
