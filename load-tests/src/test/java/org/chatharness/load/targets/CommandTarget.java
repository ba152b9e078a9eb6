package org.chatharness.load.targets;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.chatharness.load.probes.ProcessProbe;
import org.chatharness.load.probes.ServerProbe;

/**
 * A server this run starts with a command of the user's ({@code -DserverCommand}), any server that
 * prints its URL when it listens: {@code java -jar chat-server/target/chat-server.jar --port 0},
 * {@code node reference-server/server.js 0}. It is started without a shell (so {@code taskset -c 0
 * java ...} keeps the server's own pid, whose CPU and memory are measured) and stopped with SIGTERM
 * at the end. Its output goes to a log file named in the report.
 */
final class CommandTarget implements Target {
  private static final Pattern URL = Pattern.compile("https?://[\\w.\\[\\]:-]+:\\d+");
  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration STOP = Duration.ofSeconds(15);

  private final String command;
  private final Process process;
  private final File log;
  private final URI uri;
  private final ServerProbe probe;

  private CommandTarget(String command, Process process, File log, URI uri) {
    this.command = command;
    this.process = process;
    this.log = log;
    this.uri = uri;
    this.probe = new ProcessProbe(process.pid());
  }

  /** Stops the server if the run's JVM ends without closing the target (an error, Ctrl-C). */
  private static void stopAtExit(Process process) {
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-server"));
  }

  /** Starts {@code command} and waits until it has printed its URL and accepts connections. */
  static CommandTarget start(String command) {
    List<String> words = words(command);
    if (words.isEmpty()) {
      throw new IllegalArgumentException("-DserverCommand is empty");
    }
    File log;
    Process process;
    try {
      log = File.createTempFile("load-server-", ".log");
      process =
          new ProcessBuilder(words)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start -DserverCommand=" + command + ": " + e, e);
    }
    stopAtExit(process);
    long deadline = System.nanoTime() + START.toNanos();
    while (System.nanoTime() < deadline) {
      String output = read(log);
      Matcher url = URL.matcher(output);
      if (url.find() && accepts(URI.create(url.group() + "/"))) {
        return new CommandTarget(command, process, log, URI.create(url.group() + "/"));
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "-DserverCommand=" + command + " exited with " + process.exitValue() + ":\n" + output);
      }
      pause();
    }
    process.destroyForcibly();
    throw new IllegalStateException(
        "-DserverCommand=" + command + " printed no URL within " + START + ":\n" + read(log));
  }

  /** The words of a command line: split at spaces, except inside single or double quotes. */
  static List<String> words(String command) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    char quote = 0;
    boolean inWord = false;
    for (char c : command.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  private static boolean accepts(URI uri) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 1000);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  private static String read(File log) {
    try {
      return Files.readString(log.toPath());
    } catch (IOException e) {
      return "";
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the server started", e);
    }
  }

  /** The server process's id. */
  long pid() {
    return process.pid();
  }

  @Override
  public List<URI> nodes() {
    return List.of(uri);
  }

  @Override
  public ServerProbe probe() {
    return probe;
  }

  @Override
  public String describe() {
    return uri
        + ", started with `"
        + command
        + "` (pid "
        + process.pid()
        + ", output in "
        + log
        + ")";
  }

  /** Stops the server with SIGTERM, or SIGKILL when it takes longer than 15 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
