package org.chatharness.e2e.support;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.containers.ContainerState;

/**
 * The browsers of one test: opened on demand; when the test fails, its {@link FailureArtifacts}
 * (the browsers' screenshots, consoles and DOMs, the logs of the containers named here) are written
 * while the browsers are still open; then all are closed, however the test ended.
 *
 * <pre>{@code
 * @RegisterExtension final Browsers browsers = new Browsers().withContainerLog("server", server);
 * ...
 * ChatPage alice = new ChatPage(browsers.open("alice")).open(server.pageUri()).join("alice");
 * }</pre>
 */
public final class Browsers
    implements BeforeEachCallback, AfterTestExecutionCallback, AfterEachCallback {
  private final E2eSettings settings;
  private final FailureArtifacts artifacts;
  private final List<Browser> open = new ArrayList<>();

  public Browsers() {
    this(E2eSettings.current());
  }

  public Browsers(E2eSettings settings) {
    this.settings = settings;
    this.artifacts = new FailureArtifacts(settings.failuresDir());
  }

  /** A failure also saves the whole log of {@code container}, as {@code <name>.log}. */
  public Browsers withContainerLog(String name, ContainerState container) {
    artifacts.withContainerLog(name, container);
    return this;
  }

  /** A failure also saves what {@code container} wrote during the test, as {@code <name>.log}. */
  public Browsers withContainerLogOfTheTest(String name, ContainerState container) {
    artifacts.withContainerLogOfTheTest(name, container);
    return this;
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
  public void beforeEach(ExtensionContext context) {
    artifacts.testStarting();
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    context
        .getExecutionException()
        .ifPresent(failure -> artifacts.save(testName(context), failure, all()));
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

  /** {@code Class.method}, a nested class named with its outer one ({@code Outer$Inner}). */
  private static String testName(ExtensionContext context) {
    Class<?> type = context.getRequiredTestClass();
    String className = type.getName().substring(type.getPackageName().length() + 1);
    return className + "." + context.getRequiredTestMethod().getName();
  }
}
