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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.ContainerState;

/**
 * What is needed to understand a failed test, written to {@code
 * target/e2e-failures/<TestClass>.<method>/}: for every browser still open a screenshot, its
 * console log, its DOM and the texts of dialogs left open (dismissed first, as they block the
 * rest); for every container named its log; and the failure itself. {@link Browsers} writes them
 * when a test fails, before it closes the browsers.
 *
 * <p>A container that outlives the class (the shared server) holds the output of every test before
 * this one: {@link #withContainerLogOfTheTest} saves only what it wrote from the test's start on.
 * One artefact that cannot be taken (a crashed browser) does not prevent the others.
 */
public final class FailureArtifacts {
  private static final Logger LOG = LoggerFactory.getLogger(FailureArtifacts.class);

  /** A container's output, whole or from an offset: where it stood when the test began. */
  private record ContainerLog(ContainerState container, boolean sinceTestStart) {}

  private final Path root;
  private final Map<String, ContainerLog> containers = new LinkedHashMap<>();
  private final Map<String, Integer> testStarts = new LinkedHashMap<>();

  public FailureArtifacts(Path root) {
    this.root = root;
  }

  /**
   * Also saves the whole log of {@code container} as {@code <name>.log}; nothing for null (a server
   * at a URL, whose log is not the tests' to read).
   */
  public FailureArtifacts withContainerLog(String name, ContainerState container) {
    return add(name, container, false);
  }

  /**
   * Also saves as {@code <name>.log} what {@code container} wrote from the start of the test on:
   * for a container that serves many tests. Nothing for null.
   */
  public FailureArtifacts withContainerLogOfTheTest(String name, ContainerState container) {
    return add(name, container, true);
  }

  private FailureArtifacts add(String name, ContainerState container, boolean sinceTestStart) {
    if (container != null) {
      containers.put(name, new ContainerLog(container, sinceTestStart));
    }
    return this;
  }

  /** Notes where each log of the test begins; call it before the test (and its set-up) runs. */
  public void testStarting() {
    testStarts.clear();
    containers.forEach(
        (name, log) -> {
          if (log.sinceTestStart()) {
            testStarts.put(name, logLength(name, log.container()));
          }
        });
  }

  /** Writes the artefacts of the failed test {@code testName} (a directory name) and its cause. */
  public void save(String testName, Throwable failure, List<Browser> browsers) {
    Path dir = root.resolve(sanitize(testName));
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    write(dir.resolve("failure.txt"), () -> stackTrace(failure));
    for (Browser browser : browsers) {
      if (browser.isClosed()) {
        continue; // closed by the test on purpose: nothing left to look at
      }
      String name = browser.name();
      saveDialogs(browser, dir.resolve(name + "-dialogs.txt"));
      write(dir.resolve(name + ".png"), browser::screenshot);
      write(dir.resolve(name + "-console.log"), () -> String.join("\n", browser.consoleLog()));
      write(dir.resolve(name + ".html"), browser::pageSource);
    }
    containers.forEach(
        (name, log) ->
            write(
                dir.resolve(name + ".log"),
                () -> from(log.container().getLogs(), testStarts.getOrDefault(name, 0))));
    LOG.warn("{} failed; artefacts in {}", testName, dir);
  }

  private static int logLength(String name, ContainerState container) {
    try {
      return container.getLogs().length();
    } catch (RuntimeException e) {
      LOG.warn(
          "could not read the log of {}; a failure will save all of it: {}", name, e.toString());
      return 0;
    }
  }

  /** The log from {@code start} on; all of it if it is shorter (the log is not what it was). */
  private static String from(String log, int start) {
    return start <= log.length() ? log.substring(start) : log;
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
