package org.chatharness.server.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

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
 */
public final class RedisProcess implements AutoCloseable {
  private static final String EXECUTABLE = "redis-server";
  private static final Duration READY_WAIT = Duration.ofSeconds(15);

  private final int port;
  private Process process;

  private RedisProcess(int port) {
    this.port = port;
  }

  /** Starts a redis-server on a free port and waits until it answers PING. */
  public static RedisProcess start() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    return start(port);
  }

  /** Starts a redis-server on {@code port} and waits until it answers PING. */
  public static RedisProcess start(int port) throws Exception {
    RedisProcess redis = new RedisProcess(port);
    redis.restart();
    return redis;
  }

  /** {@code redis://127.0.0.1:PORT}, for {@code --broker}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Starts the server (again) on its port and waits until it answers. */
  public void restart() throws Exception {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("redis-server is already running");
    }
    try {
      process =
          new ProcessBuilder(
                  EXECUTABLE,
                  "--port",
                  Integer.toString(port),
                  "--bind",
                  "127.0.0.1",
                  "--save",
                  "",
                  "--appendonly",
                  "no")
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
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = new byte[7];
      int read = in.readNBytes(reply, 0, reply.length);
      return new String(reply, 0, read, StandardCharsets.US_ASCII).startsWith("+PONG");
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
    stop();
  }
}
