package org.chatharness.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.Alert;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One headless Chromium, driven by Debian's ChromeDriver: nothing is downloaded at run time.
 *
 * <p>Each browser has a fresh profile, keeps its console log (read it with {@link #consoleLog()})
 * and leaves JavaScript dialogs open, so that a test can see that one appeared ({@link
 * #hasOpenDialog()}) instead of having it dismissed behind its back.
 *
 * <p>It may have several windows ({@link #newWindow()}), which share its profile and so the page's
 * {@code localStorage}, as two windows of one person's browser do; a page object {@link #focus}es
 * its window before each step.
 */
public final class Browser implements AutoCloseable {
  /** How long any condition in a page may take: generous for a loaded two-core machine. */
  public static final Duration WAIT = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(Browser.class);
  // A page that opens dialogs in a loop must not keep dismissDialogs() going forever.
  private static final int MAX_DIALOGS = 20;
  private static final List<String> CHROMIUM_ARGUMENTS =
      List.of(
          "--headless=new",
          "--no-sandbox", // required as root
          "--disable-gpu",
          "--disable-dev-shm-usage",
          "--disable-background-networking",
          "--disable-component-update",
          "--no-first-run",
          "--disable-sync",
          "--window-size=1024,768");

  private final String name;
  private final Path profile;
  private final ChromeDriver driver;
  private final List<String> console = new ArrayList<>();
  private final String firstWindow;
  private String focused;
  private volatile boolean closed;

  private Browser(String name, Path profile, ChromeDriver driver) {
    this.name = name;
    this.profile = profile;
    this.driver = driver;
    this.firstWindow = driver.getWindowHandle();
    this.focused = firstWindow;
  }

  /** Starts a browser; {@code name} labels its log lines and failure artefacts. */
  public static Browser launch(String name, E2eSettings settings) {
    long started = System.nanoTime();
    Path profile;
    try {
      profile = Files.createTempDirectory("e2e-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a browser profile directory", e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(settings.chromium().toFile());
    options.addArguments(CHROMIUM_ARGUMENTS);
    options.addArguments("--user-data-dir=" + profile);
    options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);

    // An explicit driver keeps Selenium Manager (which downloads drivers) out of the picture.
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(settings.chromedriver().toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver driver;
    try {
      driver = new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      deleteRecursively(profile);
      throw e;
    }
    LOG.info("{} started in {} ms", name, (System.nanoTime() - started) / 1_000_000);
    return new Browser(name, profile, driver);
  }

  /** The label given at launch. */
  public String name() {
    return name;
  }

  /** The handle of the window the browser started with. */
  public String firstWindow() {
    return firstWindow;
  }

  /** Opens another window (a tab) of this browser, with the same profile; returns its handle. */
  public synchronized String newWindow() {
    driver.switchTo().newWindow(WindowType.TAB);
    focused = driver.getWindowHandle();
    return focused;
  }

  /** Makes {@code window} the one the driver acts on, unless it is already. */
  public synchronized void focus(String window) {
    if (!window.equals(focused)) {
      driver.switchTo().window(window);
      focused = window;
    }
  }

  /** Closes {@code window}, as a person closes a tab; another window of the browser must remain. */
  public synchronized void closeWindow(String window) {
    focus(window);
    driver.close();
    String remaining = driver.getWindowHandles().iterator().next();
    driver.switchTo().window(remaining);
    focused = remaining;
  }

  /** The WebDriver, for what the page objects do not cover. */
  public WebDriver driver() {
    return driver;
  }

  /** Runs {@code script} in the page, as the body of a function, and returns its result. */
  public Object script(String script, Object... arguments) {
    return ((JavascriptExecutor) driver).executeScript(script, arguments);
  }

  /**
   * Waits at most {@link #WAIT} until {@code condition} returns something other than null or false,
   * and returns that; on time-out fails with {@code description}, computed then.
   */
  public <T> T waitUntil(Supplier<String> description, Function<WebDriver, T> condition) {
    return waitUntil(WAIT, description, condition);
  }

  /**
   * As {@link #waitUntil(Supplier, Function)}, for conditions that take longer than {@link #WAIT}.
   */
  public <T> T waitUntil(
      Duration timeout, Supplier<String> description, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, timeout).withMessage(description).until(condition);
  }

  /** Whether an alert, confirm or prompt dialog is open in the page. */
  public boolean hasOpenDialog() {
    try {
      driver.switchTo().alert();
      return true;
    } catch (NoAlertPresentException none) {
      return false;
    }
  }

  /**
   * Dismisses the open dialogs (one may queue behind another) and returns their texts; chromedriver
   * refuses most commands, screenshots included, while one is open.
   */
  public List<String> dismissDialogs() {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < MAX_DIALOGS; i++) {
      try {
        Alert alert = driver.switchTo().alert();
        texts.add(alert.getText());
        alert.dismiss();
      } catch (NoAlertPresentException none) {
        break;
      }
    }
    return texts;
  }

  /** Everything the page logged to the console so far, oldest first, one line per entry. */
  public synchronized List<String> consoleLog() {
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      console.add(
          Instant.ofEpochMilli(entry.getTimestamp())
              + " "
              + entry.getLevel()
              + " "
              + entry.getMessage());
    }
    return List.copyOf(console);
  }

  /** A PNG of the visible part of the page. */
  public byte[] screenshot() {
    return driver.getScreenshotAs(OutputType.BYTES);
  }

  /** The page's current DOM as HTML. */
  public String pageSource() {
    return driver.getPageSource();
  }

  /** Whether {@link #close()} was called: a test may close a browser before it ends. */
  public boolean isClosed() {
    return closed;
  }

  /** Quits the browser and deletes its profile; a second call does nothing. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      driver.quit();
    } finally {
      deleteRecursively(profile);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.deleteIfExists(path);
                } catch (IOException e) {
                  LOG.debug("could not delete {}", path, e);
                }
              });
    } catch (IOException e) {
      LOG.debug("could not delete profile {}", dir, e);
    }
  }
}
