package org.chatharness.load.raw;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server under test, started from a command line with {@code {port}} in it, pinned to some cores
 * with {@code taskset}, its output in a log file; ready when its port accepts connections. Stopped
 * with SIGTERM, then SIGKILL if it does not go.
 */
final class BenchServer implements AutoCloseable {
  private static final Duration STOP_PATIENCE = Duration.ofSeconds(15);

  private final String name;
  private final String command;
  private final Process process;
  private final int port;
  private final Path log;

  private BenchServer(String name, String command, Process process, int port, Path log) {
    this.name = name;
    this.command = command;
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts {@code command} (run by bash, {@code {port}} replaced by a free port) on {@code cores}.
   *
   * @throws IOException when it exits or does not listen within {@code timeout}, with its log's end
   */
  static BenchServer start(String name, String command, String cores, Path logDir, Duration timeout)
      throws IOException, InterruptedException {
    int port = freePort();
    String line = command.replace("{port}", Integer.toString(port));
    Path log = logDir.resolve("server-" + name + ".log");
    // exec: the pid Java sees is taskset's, which becomes the server's own.
    Process process =
        new ProcessBuilder("bash", "-c", "exec taskset -c " + cores + " " + line)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    BenchServer server = new BenchServer(name, line, process, port, log);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!server.accepts()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        server.close();
        throw new IOException(
            "server "
                + name
                + (process.isAlive() ? " did not listen on port " + port : " exited")
                + "; the end of "
                + log
                + ":\n"
                + tail(log));
      }
      TimeUnit.MILLISECONDS.sleep(100); // polls the condition above, bounded by the deadline
    }
    return server;
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  String name() {
    return name;
  }

  /** The command as run, port filled in. */
  String command() {
    return command;
  }

  long pid() {
    return process.pid();
  }

  /** The plain broadcast endpoint, the lobby. */
  URI url() {
    return URI.create("ws://127.0.0.1:" + port + "/");
  }

  /** The cores the server may run on, as the kernel says. */
  String cores() {
    return ProcCpu.allowedCores(pid());
  }

  /** The executable's name, as the kernel says ("java", "node"). */
  String executable() {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid()), "comm")).trim();
    } catch (IOException e) {
      return "?";
    }
  }

  Path log() {
    return log;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(STOP_PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(STOP_PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }
  }
}
