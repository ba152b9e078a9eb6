package org.chatharness.server.support;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real redis-server for one test, on a free port of the loopback interface, without persistence;
 * a child process that {@link #close} stops. It can be stopped and started again on the same port,
 * to test an outage.
 *
 * <pre>{@code
 * try (RedisProcess redis = RedisProcess.start()) {
 *   ServerConfig config = ServerConfig.forTests().toBuilder().broker(redis.uri()).build();
 * }
 * }</pre>
 *
 * <p>{@link #inspect} looks into it as any Redis client could, for tests of what the chat keeps in
 * Redis (its memory bounds), never to wait for a node.
 */
public final class RedisProcess implements AutoCloseable {
  private static final String EXECUTABLE = "redis-server";
  private static final Duration READY_WAIT = Duration.ofSeconds(15);

  private final int port;
  private final String password;
  private Process process;
  private RedisClient inspector;
  private StatefulRedisConnection<String, String> inspection;

  private RedisProcess(int port, String password) {
    this.port = port;
    this.password = password;
  }

  /** Starts a redis-server on a free port and waits until it answers PING. */
  public static RedisProcess start() throws Exception {
    return start(freePort());
  }

  /** Starts a redis-server on {@code port} and waits until it answers PING. */
  public static RedisProcess start(int port) throws Exception {
    RedisProcess redis = new RedisProcess(port, null);
    redis.restart();
    return redis;
  }

  /** Starts a redis-server on a free port that requires {@code password} ({@code requirepass}). */
  public static RedisProcess withPassword(String password) throws Exception {
    RedisProcess redis = new RedisProcess(freePort(), password);
    redis.restart();
    return redis;
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }

  /**
   * {@code redis://127.0.0.1:PORT} ({@code redis://:PASSWORD@…} with a password), for {@code
   * --broker}.
   */
  public String uri() {
    return uri(port);
  }

  /** As {@link #uri()}, with another port: a relay's in front of this server. */
  public String uri(int otherPort) {
    return "redis://" + (password == null ? "" : ":" + password + "@") + "127.0.0.1:" + otherPort;
  }

  /** The port the server listens on. */
  public int port() {
    return port;
  }

  /** Runs {@code query} on a connection of the test's own and returns its result. */
  public synchronized <T> T inspect(Function<RedisCommands<String, String>, T> query) {
    if (inspection == null) {
      // Lettuce reconnects by itself, also after restart().
      inspector = RedisClient.create(uri());
      inspection = inspector.connect();
    }
    return query.apply(inspection.sync());
  }

  /** Starts the server (again) on its port and waits until it answers. */
  public void restart() throws Exception {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("redis-server is already running");
    }
    try {
      List<String> command =
          new ArrayList<>(
              List.of(
                  EXECUTABLE,
                  "--port",
                  Integer.toString(port),
                  "--bind",
                  "127.0.0.1",
                  "--save",
                  "",
                  "--appendonly",
                  "no"));
      if (password != null) {
        command.addAll(List.of("--requirepass", password));
      }
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(
                  new File(System.getProperty("java.io.tmpdir"), "redis-" + port + ".log"))
              .start();
    } catch (IOException missing) {
      throw new AssertionError(
          "cannot run "
              + EXECUTABLE
              + " (install it: scripts/setup, or apt-get install redis-server)",
          missing);
    }
    long deadline = System.nanoTime() + READY_WAIT.toNanos();
    while (!answersPing()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError(
            "redis-server on port " + port + " did not start within " + READY_WAIT);
      }
      Thread.sleep(20);
    }
  }

  private boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      String auth = password == null ? "" : "AUTH " + password + "\r\n";
      out.write((auth + "PING\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String expected = (password == null ? "" : "+OK\r\n") + "+PONG";
      byte[] reply = new byte[expected.length()];
      int read = in.readNBytes(reply, 0, reply.length);
      return new String(reply, 0, read, StandardCharsets.US_ASCII).equals(expected);
    } catch (IOException notYet) {
      return false;
    }
  }

  /** Stops the server at once (SIGKILL), as an outage would. */
  public void stop() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new AssertionError("redis-server on port " + port + " did not stop");
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    try {
      if (inspector != null) {
        inspector.shutdown();
      }
    } finally {
      stop();
    }
  }
}
