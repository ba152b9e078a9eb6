package org.chatharness.conformance.reference;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference server ({@code reference-server/server.js}: the broadcast example of the Node
 * {@code ws} README plus the tutorial's page), or one of its broken variants in {@code
 * reference-server/broken/}, as a child process on a free port: a chat server this project did not
 * write, to prove the checks against.
 *
 * <pre>{@code
 * try (ReferenceServer server = ReferenceServer.start(ReferenceServer.REFERENCE)) {
 *   ConformanceRun.of("plain", Map.of("chat.url", server.url().toString())).run();
 * }
 * }</pre>
 */
public final class ReferenceServer implements AutoCloseable {
  /** The reference server itself. */
  public static final String REFERENCE = "server.js";

  /** Drops one delivery in 100, at random. */
  public static final String DROPS_ONE_IN_100 = "broken/drop-one-in-100.js";

  /** Adds a new client to the broadcast 50 ms after its handshake. */
  public static final String LATE_JOIN = "broken/late-join.js";

  /** Sends every message on as a binary frame. */
  public static final String BINARY_FRAMES = "broken/binary-frames.js";

  /** The system property naming the {@code reference-server} directory. */
  public static final String DIRECTORY_PROPERTY = "chat.referenceServerDir";

  private static final Duration START_WAIT = Duration.ofSeconds(20);
  private static final Duration STOP_WAIT = Duration.ofSeconds(10);
  private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

  private final Process process;
  private final URI url;

  private ReferenceServer(Process process, URI url) {
    this.process = process;
    this.url = url;
  }

  /**
   * Starts {@code script} (relative to the reference-server directory) on a free port and waits
   * until it says where it listens.
   */
  public static ReferenceServer start(String script) throws IOException, InterruptedException {
    Path directory = directory();
    Path file = directory.resolve(script);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("no " + file + " (" + DIRECTORY_PROPERTY + ")");
    }
    if (!Files.isDirectory(directory.resolve("node_modules").resolve("ws"))) {
      throw new IllegalStateException(
          "the ws package is not installed in "
              + directory
              + ": run scripts/setup (it runs npm ci there)");
    }
    Process process;
    try {
      process =
          new ProcessBuilder("node", file.toString(), "0")
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .start();
    } catch (IOException missing) {
      throw new IllegalStateException(
          "cannot run node (install Node.js: scripts/setup does, or apt-get install nodejs)",
          missing);
    }
    List<String> output = new ArrayList<>();
    CompletableFuture<URI> listening = new CompletableFuture<>();
    Thread reader = new Thread(() -> read(process, output, listening), "reference-server-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return new ReferenceServer(
          process, listening.get(START_WAIT.toMillis(), TimeUnit.MILLISECONDS));
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      synchronized (output) {
        throw new IllegalStateException(
            "node " + script + " did not start within " + START_WAIT + "; it said: " + output, e);
      }
    }
  }

  /** Reads the server's output: the first line naming its URL completes {@code listening}. */
  private static void read(Process process, List<String> output, CompletableFuture<URI> listening) {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        synchronized (output) {
          if (output.size() < 50) {
            output.add(line);
          }
        }
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          listening.complete(URI.create(m.group(1)));
        }
      }
    } catch (IOException ended) {
      // the process is gone
    }
    listening.completeExceptionally(new IOException("the process ended"));
  }

  /** The reference-server directory: the system property, or found above the working directory. */
  public static Path directory() {
    String configured = System.getProperty(DIRECTORY_PROPERTY);
    if (configured != null) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("reference-server").resolve(REFERENCE))) {
        return dir.resolve("reference-server");
      }
    }
    throw new IllegalStateException(
        "cannot find reference-server/ above "
            + Path.of("").toAbsolutePath()
            + "; set -D"
            + DIRECTORY_PROPERTY);
  }

  /** The server's page, {@code http://localhost:PORT/}; its WebSocket is on the same port. */
  public URI url() {
    return url;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}
