package org.chatharness.load.targets;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.chatharness.load.probes.ProcessProbe;

/**
 * One chat-server node as a child process ({@code java -jar chat-server.jar --port P ...}) that can
 * be killed with SIGKILL, as a crash would, and started again on the same port. Its output goes to
 * {@code <tmp>/chaos-node-<port>.log} (appended across restarts).
 */
public final class ServerProcess {
  private static final Duration READY_WAIT = Duration.ofSeconds(60);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final List<String> prefix;
  private final Path jar;
  private final int port;
  private final List<String> javaOptions;
  private final List<String> serverArgs;
  private final File log;
  private Process process;

  /**
   * @param prefix words before {@code java}, such as {@code taskset -c 0}; may be empty
   */
  public ServerProcess(
      List<String> prefix, Path jar, int port, List<String> javaOptions, List<String> serverArgs) {
    this.prefix = List.copyOf(prefix);
    this.jar = jar;
    this.port = port;
    this.javaOptions = List.copyOf(javaOptions);
    this.serverArgs = List.copyOf(serverArgs);
    this.log = new File(System.getProperty("java.io.tmpdir"), "chaos-node-" + port + ".log");
  }

  /** Starts the node (again, after a kill) and waits until {@code /health} answers 200. */
  public synchronized void start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("node on port " + port + " is already running");
    }
    List<String> command = new ArrayList<>(prefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(javaOptions);
    command.add("-jar");
    command.add(jar.toString());
    command.add("--port");
    command.add(Integer.toString(port));
    command.addAll(serverArgs);
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + command, e);
    }
    // A run's JVM that ends without stopping its cluster (an error, Ctrl-C) still kills the node.
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-node"));
    long deadline = System.nanoTime() + READY_WAIT.toNanos();
    while (!healthy()) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "node on port " + port + " exited with " + process.exitValue() + "; see " + log);
      }
      if (System.nanoTime() > deadline) {
        kill();
        throw new IllegalStateException(
            "node on port " + port + " not healthy within " + READY_WAIT + "; see " + log);
      }
      sleep(Duration.ofMillis(50));
    }
  }

  /** True when the node answers {@code GET /health} with 200. */
  public boolean healthy() {
    try {
      HttpRequest health =
          HttpRequest.newBuilder(httpUri().resolve("/health"))
              .timeout(Duration.ofSeconds(2))
              .build();
      return HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException notYet) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Kills the node with SIGKILL: no shutdown hook runs, its sockets are reset by the kernel. */
  public synchronized void kill() {
    if (process != null) {
      process.destroyForcibly();
      await(process, Duration.ofSeconds(10));
    }
  }

  /** Stops the node with SIGTERM (a clean shutdown), or SIGKILL when it takes too long. */
  public synchronized void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!await(process, Duration.ofSeconds(15))) {
        kill();
      }
    }
  }

  /** CPU the running process has used so far, or -1 when it is not running. */
  public synchronized long cpuNanos() {
    return process != null && process.isAlive() ? new ProcessProbe(process.pid()).cpuNanos() : -1;
  }

  /** {@code http://127.0.0.1:PORT/}. */
  public URI httpUri() {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  private static boolean await(Process process, Duration max) {
    try {
      return process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
