package org.chatharness.server.support;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built server jar run as its own process, as an operator runs it ({@code java [jvm options]
 * -jar chat-server.jar --port 0 ...}), for tests of what only a whole process shows: its heap, its
 * exit. {@link #close} sends SIGTERM and waits; a process that ignores it is killed.
 *
 * <pre>{@code
 * try (ServerProcess server = ServerProcess.start(List.of("-Xmx64m"), List.of())) {
 *   URI ws = server.webSocketUri();
 * }
 * }</pre>
 */
public final class ServerProcess implements AutoCloseable {
  /** The jar under test; failsafe passes its path (the shade plugin builds it in package). */
  public static final String JAR_PROPERTY = "chat.server.jar";

  private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)/");
  private static final Duration START_WAIT = Duration.ofSeconds(30);
  private static final Duration STOP_WAIT = Duration.ofSeconds(15);

  private final Process process;
  private final int port;
  private final List<String> output;

  private ServerProcess(Process process, int port, List<String> output) {
    this.process = process;
    this.port = port;
    this.output = output;
  }

  /** Starts the jar on a free loopback port and waits until it says it is listening. */
  public static ServerProcess start(List<String> jvmOptions, List<String> serverOptions)
      throws Exception {
    Path jar = Path.of(System.getProperty(JAR_PROPERTY, "target/chat-server.jar"));
    if (!Files.isRegularFile(jar) || Files.size(jar) == 0) {
      throw new AssertionError("no server jar at " + jar.toAbsolutePath() + ": run mvn verify");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString(), "--host", "127.0.0.1", "--port", "0"));
    command.addAll(serverOptions);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> output = new CopyOnWriteArrayList<>();
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  output.add(line);
                  Matcher listening = LISTENING.matcher(line);
                  if (listening.find()) {
                    port.complete(Integer.parseInt(listening.group(1)));
                  }
                }
              } catch (java.io.IOException ended) {
                // the process is gone
              }
              port.completeExceptionally(new AssertionError("the server ended: " + output));
            },
            "server-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return new ServerProcess(process, port.get(START_WAIT.toSeconds(), TimeUnit.SECONDS), output);
    } catch (Exception | Error failure) {
      process.destroyForcibly();
      throw failure;
    }
  }

  public URI webSocketUri() {
    return URI.create("ws://127.0.0.1:" + port + "/");
  }

  public URI httpUri() {
    return URI.create("http://127.0.0.1:" + port + "/");
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Everything the process printed so far, one entry per line. */
  public List<String> output() {
    return List.copyOf(output);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(STOP_WAIT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
      throw new AssertionError("the server ignored SIGTERM for " + STOP_WAIT + " and was killed");
    }
  }
}
