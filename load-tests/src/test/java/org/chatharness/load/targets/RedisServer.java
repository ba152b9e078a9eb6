package org.chatharness.load.targets;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} child process on a loopback port, without persistence, for a cluster the
 * simulation starts itself (the idea of chat-server's test support {@code RedisProcess}). Install
 * it with {@code scripts/setup} or {@code apt-get install redis-server}.
 */
public final class RedisServer implements AutoCloseable {
  private static final String EXECUTABLE = "redis-server";
  private static final Duration READY_WAIT = Duration.ofSeconds(15);

  private final int port;
  private final Process process;

  private RedisServer(int port, Process process) {
    this.port = port;
    this.process = process;
  }

  /** Starts redis-server on {@code port} and waits until it answers PING. */
  public static RedisServer start(int port) {
    Process process;
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
                  new File(System.getProperty("java.io.tmpdir"), "chaos-redis-" + port + ".log"))
              .start();
    } catch (IOException missing) {
      throw new IllegalStateException(
          "cannot run "
              + EXECUTABLE
              + " (install it: scripts/setup, or apt-get install redis-server)",
          missing);
    }
    RedisServer redis = new RedisServer(port, process);
    long deadline = System.nanoTime() + READY_WAIT.toNanos();
    while (!redis.answersPing()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        redis.close();
        throw new IllegalStateException(
            "redis-server on port " + port + " did not start within " + READY_WAIT);
      }
      ServerProcess.sleep(Duration.ofMillis(20));
    }
    return redis;
  }

  /** {@code redis://127.0.0.1:PORT}, for {@code --broker}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
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

  /** Stops the server. */
  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
