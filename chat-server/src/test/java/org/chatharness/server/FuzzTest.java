package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.chatharness.conformance.client.RawWebSocket;
import org.chatharness.server.support.Harness;
import org.chatharness.server.support.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Mutated handshakes and frames against a running server, within a time budget; afterwards the
 * server serves normal clients and has logged no unexpected exception. The seed is printed so a
 * failure can be replayed with {@code -Dfuzz.seed=N}; {@code -Dfuzz.seconds=N} runs longer.
 */
@Timeout(120)
class FuzzTest {
  private static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());
  private static final Duration BUDGET = Duration.ofSeconds(Long.getLong("fuzz.seconds", 8));

  private static final String HANDSHAKE =
      "GET /rooms/fuzz HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
          + "Sec-WebSocket-Protocol: chat.v1\r\n\r\n";

  @Test
  void mutatedHandshakesAndFramesDoNotDisturbTheServer() throws Exception {
    System.out.println("FuzzTest seed " + SEED + " (replay with -Dfuzz.seed=" + SEED + ")");
    Random random = new Random(SEED);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(log);
    int cases = 0;
    try (Harness h =
        Harness.start(ServerConfig.forTests().toBuilder().maxMessageBytes(4096).build())) {
      TestClient watcher = h.connect("/rooms/fuzz");
      long deadline = System.nanoTime() + BUDGET.toNanos();
      while (System.nanoTime() < deadline) {
        if (random.nextInt(4) == 0) {
          mutatedHandshake(h, random);
        } else {
          mutatedFrames(h, random);
        }
        cases++;
      }
      System.out.println("FuzzTest ran " + cases + " cases");

      assertThat(h.get("/health").statusCode()).isEqualTo(200);
      TestClient a = h.connect("/rooms/fuzz");
      a.send("after fuzzing");
      String seen;
      do {
        seen = watcher.next();
      } while (!"after fuzzing".equals(seen));
      assertThat(watcher.closeCode()).as("a bystander is never disturbed").isEqualTo(-1);
    } finally {
      root.detachAppender(log);
    }
    List<ILoggingEvent> unexpected =
        log.list.stream()
            .filter(
                e ->
                    e.getLevel().isGreaterOrEqual(Level.ERROR)
                        || (e.getLevel() == Level.WARN
                            && e.getThrowableProxy() != null
                            && e.getLoggerName().startsWith("org.chatharness")))
            .toList();
    assertThat(unexpected).as("unexpected errors logged (seed %d)", SEED).isEmpty();
    assertThat(cases).as("cases run within the budget").isGreaterThan(50);
  }

  /**
   * A valid handshake with bytes flipped, cut short or replaced; the answer is read and ignored.
   */
  private static void mutatedHandshake(Harness h, Random random) throws IOException {
    byte[] request = HANDSHAKE.getBytes(StandardCharsets.US_ASCII);
    int mutations = 1 + random.nextInt(4);
    for (int i = 0; i < mutations; i++) {
      request[random.nextInt(request.length)] = (byte) random.nextInt(256);
    }
    int length = random.nextInt(5) == 0 ? random.nextInt(request.length) : request.length;
    try (Socket socket = new Socket("127.0.0.1", h.server.port())) {
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write(request, 0, length);
      out.flush();
      drain(socket.getInputStream());
    } catch (IOException refusedOrReset) {
      // the server may close on garbage: that is a fine answer
    }
  }

  /** A real WebSocket, then frames with random headers, lengths, opcodes, masks and payloads. */
  private static void mutatedFrames(Harness h, Random random) throws IOException {
    try (RawWebSocket raw = RawWebSocket.connect(h.ws("/rooms/fuzz"), 0)) {
      raw.setReadTimeout(300);
      int frames = 1 + random.nextInt(6);
      for (int i = 0; i < frames; i++) {
        byte[] payload = new byte[random.nextInt(random.nextBoolean() ? 20 : 6000)];
        random.nextBytes(payload);
        if (random.nextBoolean()) {
          String text = "fuzz " + random.nextInt();
          payload = text.getBytes(StandardCharsets.UTF_8);
        }
        switch (random.nextInt(3)) {
          case 0 -> raw.send(random.nextBoolean(), random.nextInt(16), payload);
          case 1 ->
              raw.sendFrame(
                  random.nextBoolean(),
                  random.nextInt(8),
                  random.nextInt(16),
                  payload,
                  random.nextInt(10) > 0);
          default -> {
            byte[] garbage = new byte[1 + random.nextInt(64)];
            random.nextBytes(garbage);
            raw.sendBytes(garbage);
          }
        }
      }
      drain(raw.input());
    } catch (IOException closedByServer) {
      // a close, a reset or a timeout are all acceptable answers to garbage
    }
  }

  private static void drain(InputStream in) {
    byte[] buffer = new byte[8192];
    try {
      while (in.read(buffer) >= 0) {
        // read until the server closes or goes quiet
      }
    } catch (IOException quietOrClosed) {
      // done
    }
  }
}
