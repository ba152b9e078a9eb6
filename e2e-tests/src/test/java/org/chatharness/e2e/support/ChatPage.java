package org.chatharness.e2e.support;

import java.net.URI;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Our chat page (browser-page's {@code web/index.html}) as a test sees it: a status line, a list of
 * messages and a box to type in.
 *
 * <pre>{@code
 * ChatPage alice = new ChatPage(browsers.open()).open(server.pageUri()).waitUntilConnected();
 * alice.send("hello");
 * bob.waitForMessage("hello");
 * }</pre>
 */
public final class ChatPage {
  /** {@code #status[data-state]} while the socket is open. */
  public static final String OPEN = "open";

  /** {@code #status[data-state]} once the socket has closed or could not open. */
  public static final String CLOSED = "closed";

  private static final By INPUT = By.id("input");
  private static final By BUTTON = By.id("btn");
  private static final By STATUS = By.id("status");
  private static final String MESSAGE_TEXTS =
      "return Array.from(document.querySelectorAll('#list li'), li => li.textContent);";

  /** The status line: {@code state} for tests, {@code text} for people. */
  public record Status(String state, String text) {}

  private final Browser browser;

  public ChatPage(Browser browser) {
    this.browser = browser;
  }

  /** Loads the page from {@code url}; its socket starts connecting at once. */
  public ChatPage open(URI url) {
    browser.driver().get(url.toString());
    return this;
  }

  /** Waits until the status line says the socket is open. */
  public ChatPage waitUntilConnected() {
    waitForState(OPEN);
    return this;
  }

  /** Waits until {@code #status} has {@code data-state=state}, and returns the status then. */
  public Status waitForState(String state) {
    return browser.waitUntil(
        () -> "status " + state + "; it is " + status(),
        driver -> {
          Status now = status();
          return now.state().equals(state) ? now : null;
        });
  }

  /** Types {@code text} and clicks Send. */
  public ChatPage send(String text) {
    type(text);
    browser.driver().findElement(BUTTON).click();
    return this;
  }

  /** Types {@code text} and presses Enter. */
  public ChatPage sendWithEnter(String text) {
    type(text).sendKeys(Keys.ENTER);
    return this;
  }

  private WebElement type(String text) {
    WebElement button = browser.driver().findElement(BUTTON);
    if (!button.isEnabled()) {
      // A disabled Send button silently sends nothing; say so instead of timing out later.
      throw new IllegalStateException("cannot send, the page is not connected: " + status());
    }
    WebElement input = browser.driver().findElement(INPUT);
    input.clear();
    input.sendKeys(text);
    return input;
  }

  /** The texts of the messages shown, oldest first, exactly as received. */
  @SuppressWarnings("unchecked")
  public List<String> messages() {
    return List.copyOf((List<String>) browser.script(MESSAGE_TEXTS));
  }

  /** The status line now. */
  public Status status() {
    WebElement status = browser.driver().findElement(STATUS);
    return new Status(status.getDomAttribute("data-state"), status.getText());
  }

  /** Waits until a message with exactly this text is shown. */
  public ChatPage waitForMessage(String text) {
    browser.waitUntil(
        () -> "message \"" + text + "\" on " + browser.name() + "; it shows " + messages(),
        driver -> messages().contains(text));
    return this;
  }

  /** The browser this page is in. */
  public Browser browser() {
    return browser;
  }
}
