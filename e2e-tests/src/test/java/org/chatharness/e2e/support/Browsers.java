package org.chatharness.e2e.support;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The browsers of one test: opened on demand, all closed after the test however it ended.
 *
 * <pre>{@code
 * @RegisterExtension final Browsers browsers = new Browsers();
 * ...
 * ChatPage alice = new ChatPage(browsers.open("alice")).open(server.pageUri()).join("alice");
 * }</pre>
 */
public final class Browsers implements AfterEachCallback {
  private final E2eSettings settings;
  private final List<Browser> open = new ArrayList<>();

  public Browsers() {
    this(E2eSettings.current());
  }

  public Browsers(E2eSettings settings) {
    this.settings = settings;
  }

  /** Starts another browser, named {@code browser-N} in logs and failure artefacts. */
  public synchronized Browser open() {
    return open("browser-" + (open.size() + 1));
  }

  /**
   * Starts another browser labelled {@code label} in logs and failure artefacts (e.g. the chat name
   * its page will use); labels must differ within a test, as they name the artefact files.
   */
  public synchronized Browser open(String label) {
    if (open.stream().anyMatch(browser -> browser.name().equals(label))) {
      throw new IllegalArgumentException("a browser labelled " + label + " is open already");
    }
    Browser browser = Browser.launch(label, settings);
    open.add(browser);
    return browser;
  }

  /** The browsers opened so far in this test, in order. */
  public synchronized List<Browser> all() {
    return List.copyOf(open);
  }

  @Override
  public synchronized void afterEach(ExtensionContext context) {
    RuntimeException failure = null;
    for (Browser browser : open) {
      try {
        browser.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    open.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
