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
 * ChatPage alice = new ChatPage(browsers.open()).open(server.pageUri());
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
    Browser browser = Browser.launch("browser-" + (open.size() + 1), settings);
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
