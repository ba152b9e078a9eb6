package org.chatharness.e2e.support;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.ContainerState;

/**
 * When a test fails, writes what is needed to understand it to {@code
 * target/e2e-failures/<TestClass>.<method>/}: for every browser a screenshot, its console log, its
 * DOM and the texts of dialogs left open (dismissed first, as they block the rest); for every
 * container its log; and the failure itself.
 *
 * <pre>{@code
 * @RegisterExtension final Browsers browsers = new Browsers();
 * @RegisterExtension final FailureArtifacts failures =
 *     new FailureArtifacts(browsers).withContainerLog("server", server);
 * }</pre>
 *
 * <p>It runs right after the test method, before {@link Browsers} closes the browsers. One artefact
 * that cannot be taken (a crashed browser) does not prevent the others.
 */
public final class FailureArtifacts implements AfterTestExecutionCallback {
  private static final Logger LOG = LoggerFactory.getLogger(FailureArtifacts.class);

  private final Browsers browsers;
  private final Map<String, ContainerState> containers = new LinkedHashMap<>();
  private final Path root;

  public FailureArtifacts(Browsers browsers) {
    this(browsers, E2eSettings.current().failuresDir());
  }

  public FailureArtifacts(Browsers browsers, Path root) {
    this.browsers = browsers;
    this.root = root;
  }

  /**
   * Also saves the log of {@code container} as {@code <name>.log}; nothing for null (a server at a
   * URL, whose log is not the tests' to read).
   */
  public FailureArtifacts withContainerLog(String name, ContainerState container) {
    if (container != null) {
      containers.put(name, container);
    }
    return this;
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    Throwable failure = context.getExecutionException().orElse(null);
    if (failure == null) {
      return;
    }
    Path dir =
        root.resolve(
            sanitize(
                context.getRequiredTestClass().getSimpleName()
                    + "."
                    + context.getRequiredTestMethod().getName()));
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    write(dir.resolve("failure.txt"), () -> stackTrace(failure));
    for (Browser browser : browsers.all()) {
      if (browser.isClosed()) {
        continue; // closed by the test on purpose: nothing left to look at
      }
      String name = browser.name();
      saveDialogs(browser, dir.resolve(name + "-dialogs.txt"));
      write(dir.resolve(name + ".png"), browser::screenshot);
      write(dir.resolve(name + "-console.log"), () -> String.join("\n", browser.consoleLog()));
      write(dir.resolve(name + ".html"), browser::pageSource);
    }
    containers.forEach((name, container) -> write(dir.resolve(name + ".log"), container::getLogs));
    LOG.warn("{} failed; artefacts in {}", dir.getFileName(), dir);
  }

  private static void saveDialogs(Browser browser, Path file) {
    try {
      List<String> texts = browser.dismissDialogs();
      if (!texts.isEmpty()) {
        write(file, () -> String.join("\n", texts));
      }
    } catch (RuntimeException e) {
      write(
          file,
          () -> {
            throw e; // saved as <file>.error, like any artefact that cannot be taken
          });
    }
  }

  /** Writes what {@code content} gives (bytes or text); on error, writes the error instead. */
  private static void write(Path file, Callable<?> content) {
    try {
      Object value = content.call();
      if (value instanceof byte[] bytes) {
        Files.write(file, bytes);
      } else {
        Files.writeString(file, String.valueOf(value) + "\n", StandardCharsets.UTF_8);
      }
    } catch (Exception e) {
      LOG.warn("could not save {}: {}", file.getFileName(), e.toString());
      try {
        Files.writeString(file.resolveSibling(file.getFileName() + ".error"), stackTrace(e));
      } catch (IOException ignored) {
        // the warning above is all that can be done
      }
    }
  }

  private static String stackTrace(Throwable failure) {
    StringWriter text = new StringWriter();
    failure.printStackTrace(new PrintWriter(text));
    return text.toString();
  }

  private static String sanitize(String name) {
    return name.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
