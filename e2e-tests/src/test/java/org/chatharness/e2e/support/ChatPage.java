package org.chatharness.e2e.support;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Our chat page (browser-page's {@code web/index.html}, protocol chat.v1) as a test sees it: a name
 * prompt on first visit, a status line, the list of messages, the online list and a box to type in.
 * It uses only the selectors app.js promises to keep stable.
 *
 * <pre>{@code
 * ChatPage alice = new ChatPage(browsers.open("alice")).open(server.roomPageUri(room)).join("alice");
 * alice.send("hello");
 * bob.waitForMessage("hello");
 * }</pre>
 */
public final class ChatPage {
  /** {@code #status[data-state]} from the first attempt until the room is joined. */
  public static final String CONNECTING = "connecting";

  /** {@code #status[data-state]} once the server's {@code welcome} arrived: sends go through. */
  public static final String OPEN = "open";

  /** {@code #status[data-state]} while a lost connection is being re-established. */
  public static final String RECONNECTING = "reconnecting";

  /** {@code #status[data-state]} once the page has given up (refused, or closed for good). */
  public static final String CLOSED = "closed";

  private static final By NAME_FORM = By.id("name-form");
  private static final By NAME_INPUT = By.id("name-input");
  private static final By INPUT = By.id("input");
  private static final By BUTTON = By.id("btn");
  private static final By STATUS = By.id("status");
  private static final By ROOM = By.id("room");

  // One script call reads the whole list: no stale elements while the page re-renders.
  private static final String ITEMS =
      """
      return Array.from(document.querySelectorAll('#list li'), li => ({
        id: li.dataset.id ?? null,
        cid: li.dataset.cid ?? null,
        classes: li.className,
        from: li.querySelector('.from')?.textContent ?? '',
        text: li.querySelector('.text')?.textContent ?? '',
        mark: li.querySelector('.mark')?.textContent ?? ''
      }));""";
  private static final String ONLINE =
      "return Array.from(document.querySelectorAll('#online li'), li => li.textContent);";

  /** The status line: {@code state} for tests, {@code text} for people. */
  public record Status(String state, String text) {}

  /**
   * One {@code #list li}: a message, or the notice that messages were missed ({@link #isGap()}).
   *
   * @param id {@code data-id}: the server's id, null while the message is pending (and for a gap)
   * @param cid {@code data-cid}: the client id of a message sent by any chat.v1 page, else null
   * @param classes {@code own}, {@code pending}, {@code failed}, {@code gap}, ...
   * @param from the {@code .from} text: a name, or "anonymous" for a plain client
   * @param text the {@code .text}: the message as typed
   * @param mark the {@code .mark}: "sending…" while pending, "not sent: …" once failed
   */
  public record Item(
      String id, String cid, Set<String> classes, String from, String text, String mark) {
    /** Whether this is the "some earlier messages were missed" notice. */
    public boolean isGap() {
      return classes.contains("gap");
    }

    /** Whether this is one of the page's own messages not yet acknowledged by the server. */
    public boolean isPending() {
      return classes.contains("pending");
    }

    /** Whether this is one of the page's own messages the server refused: it has a retry button. */
    public boolean isFailed() {
      return classes.contains("failed");
    }

    /** Whether this message was written in this page (same name and key). */
    public boolean isOwn() {
      return classes.contains("own");
    }

    /** Whether this is a message the server has given an id. */
    public boolean isDelivered() {
      return !isGap() && id != null;
    }
  }

  private final Browser browser;
  private final String window;

  /** The page in the browser's first window. */
  public ChatPage(Browser browser) {
    this(browser, browser.firstWindow());
  }

  /** The page in {@code window} of the browser (see {@link Browser#newWindow()}). */
  public ChatPage(Browser browser, String window) {
    this.browser = browser;
    this.window = window;
  }

  /** Points the driver at this page's window: every step starts here. */
  private WebDriver driver() {
    browser.focus(window);
    return browser.driver();
  }

  /** Closes this page's window, as a person closes a tab: its socket goes with it. */
  public void closeWindow() {
    browser.closeWindow(window);
  }

  /**
   * Loads the page from {@code url}; its socket starts connecting at once.
   *
   * <p>Chromium aborts resource loads in flight when the machine's network interfaces change
   * (net::ERR_NETWORK_CHANGED), which Docker does whenever a container starts or stops; a module
   * that fails to load leaves the page inert. So the page must show that its script ran (it writes
   * the room's name) and is loaded again, at most twice, when it did not.
   */
  public ChatPage open(URI url) {
    for (int attempt = 1; ; attempt++) {
      driver().get(url.toString());
      if (scriptRan(Duration.ofSeconds(5)) || attempt == 3) {
        return this;
      }
    }
  }

  private boolean scriptRan(Duration timeout) {
    try {
      new WebDriverWait(driver(), timeout)
          .until(driver -> !driver.findElement(By.id("room")).getText().isBlank());
      return true;
    } catch (org.openqa.selenium.TimeoutException notYet) {
      return false;
    }
  }

  /**
   * Answers the name prompt (shown on the first visit of a fresh profile) with {@code name} and
   * waits until the room is joined.
   */
  public ChatPage join(String name) {
    driver();
    browser.waitUntil(
        () -> "the name prompt on " + browser.name() + "; status " + status(),
        ExpectedConditions.visibilityOfElementLocated(NAME_FORM));
    WebElement input = driver().findElement(NAME_INPUT);
    input.clear();
    input.sendKeys(name, Keys.ENTER);
    browser.waitUntil(
        () -> "the name prompt to close on " + browser.name(),
        ExpectedConditions.invisibilityOfElementLocated(NAME_FORM));
    return waitUntilConnected();
  }

  /** Waits until the status line says the room is joined. */
  public ChatPage waitUntilConnected() {
    waitForState(OPEN);
    return this;
  }

  /** Waits until {@code #status} has {@code data-state=state}, and returns the status then. */
  public Status waitForState(String state) {
    return waitForState(state, Browser.WAIT);
  }

  /** As {@link #waitForState(String)}, waiting at most {@code timeout}. */
  public Status waitForState(String state, Duration timeout) {
    driver();
    return browser.waitUntil(
        timeout,
        () -> "status " + state + " on " + browser.name() + "; it is " + status(),
        driver -> {
          Status now = status();
          return now.state().equals(state) ? now : null;
        });
  }

  /** Waits until the page no longer says it is connected, and returns the status then. */
  public Status waitUntilDisconnected() {
    driver();
    return browser.waitUntil(
        () -> "status other than " + OPEN + " on " + browser.name() + "; it is " + status(),
        driver -> {
          Status now = status();
          return now.state().equals(OPEN) ? null : now;
        });
  }

  /** Types {@code text} and clicks Send. */
  public ChatPage send(String text) {
    type(text);
    driver().findElement(BUTTON).click();
    return this;
  }

  /** Types {@code text} and presses Enter. */
  public ChatPage sendWithEnter(String text) {
    type(text).sendKeys(Keys.ENTER);
    return this;
  }

  private WebElement type(String text) {
    WebElement button = driver().findElement(BUTTON);
    if (!button.isEnabled()) {
      // A disabled Send button silently sends nothing; say so instead of timing out later.
      throw new IllegalStateException("cannot send, the page has no name or gave up: " + status());
    }
    WebElement input = driver().findElement(INPUT);
    input.clear();
    input.sendKeys(text);
    return input;
  }

  /** Everything in the message list, in the order shown. */
  @SuppressWarnings("unchecked")
  public List<Item> items() {
    driver();
    List<Map<String, Object>> raw = (List<Map<String, Object>>) browser.script(ITEMS);
    return raw.stream()
        .map(
            li ->
                new Item(
                    (String) li.get("id"),
                    (String) li.get("cid"),
                    Set.copyOf(Arrays.asList(((String) li.get("classes")).split("\\s+"))),
                    (String) li.get("from"),
                    (String) li.get("text"),
                    (String) li.get("mark")))
        .toList();
  }

  /** The messages shown (pending ones included, gap notices not), oldest first. */
  public List<Item> messageItems() {
    return items().stream().filter(item -> !item.isGap()).toList();
  }

  /** The texts of the messages shown (pending ones included), oldest first, exactly as received. */
  public List<String> messages() {
    return messageItems().stream().map(Item::text).toList();
  }

  /** The "some earlier messages were missed" notices shown. */
  public List<Item> gaps() {
    return items().stream().filter(Item::isGap).toList();
  }

  /** Waits until a message with exactly this text is shown as delivered (it has a server id). */
  public ChatPage waitForMessage(String text) {
    return waitForMessages(List.of(text));
  }

  /** Waits until a delivered message is shown for every one of {@code texts}. */
  public ChatPage waitForMessages(Collection<String> texts) {
    driver();
    browser.waitUntil(
        () -> "messages " + texts + " delivered on " + browser.name() + "; it shows " + items(),
        driver -> {
          List<String> delivered =
              items().stream().filter(Item::isDelivered).map(Item::text).toList();
          return delivered.containsAll(texts);
        });
    return this;
  }

  /**
   * Waits until the own message {@code text} is shown as failed (not sent, with a retry button),
   * and returns it then.
   */
  public Item waitForFailed(String text) {
    driver();
    return browser.waitUntil(
        () ->
            "message \"" + text + "\" marked failed on " + browser.name() + "; it shows " + items(),
        driver ->
            items().stream()
                .filter(item -> item.text().equals(text) && item.isFailed())
                .findFirst()
                .orElse(null));
  }

  /** Clicks the retry button of the failed own message {@code text}. */
  public ChatPage retry(String text) {
    Item failed = waitForFailed(text);
    driver()
        .findElement(By.cssSelector("#list li[data-cid='" + failed.cid() + "'] button.retry"))
        .click();
    return this;
  }

  /** The names in the online list, as shown. */
  @SuppressWarnings("unchecked")
  public List<String> online() {
    driver();
    return List.copyOf((List<String>) browser.script(ONLINE));
  }

  /** Waits until the online list shows exactly {@code names}, in any order; returns it then. */
  public List<String> waitForOnline(Collection<String> names) {
    return waitForOnline(names, Browser.WAIT);
  }

  /** As {@link #waitForOnline(Collection)}, waiting at most {@code timeout}. */
  public List<String> waitForOnline(Collection<String> names, Duration timeout) {
    Set<String> wanted = Set.copyOf(names);
    driver();
    return browser.waitUntil(
        timeout,
        () -> "online list " + wanted + " on " + browser.name() + "; it shows " + online(),
        driver -> {
          List<String> now = online();
          return now.size() == wanted.size() && wanted.containsAll(now) ? now : null;
        });
  }

  /** The room's name as the page shows it ({@code #room}). */
  public String room() {
    return driver().findElement(ROOM).getText();
  }

  /** The status line now. */
  public Status status() {
    WebElement status = driver().findElement(STATUS);
    return new Status(status.getDomAttribute("data-state"), status.getText());
  }

  /** The browser this page is in. */
  public Browser browser() {
    return browser;
  }
}
