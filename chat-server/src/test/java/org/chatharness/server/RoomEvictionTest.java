package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.chatharness.server.support.Harness;
import org.chatharness.server.support.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * More rooms in use than {@code --max-rooms} holds: idle rooms are forgotten to make room, but
 * never one that a client is joining, so every client hears its own messages.
 */
@Timeout(180)
class RoomEvictionTest {
  private static final int ROOMS = 12;
  private static final int CLIENTS_AT_ONCE = 12;
  private static final int VISITS_EACH = 1200;
  private static final Duration ECHO_WAIT = Duration.ofSeconds(3);

  @Test
  void aClientJoiningARoomThatIsBeingForgottenStillHearsItsRoom() throws Exception {
    ServerConfig config =
        Harness.unthrottled(ServerConfig.forTests().toBuilder().maxRooms(2).build());
    AtomicInteger lost = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger heard = new AtomicInteger();
    try (Harness h = Harness.start(config)) {
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS_AT_ONCE);
      List<Future<?>> visitors = new ArrayList<>();
      for (int c = 0; c < CLIENTS_AT_ONCE; c++) {
        int client = c;
        visitors.add(
            pool.submit(
                () -> {
                  for (int visit = 0; visit < VISITS_EACH; visit++) {
                    String room = "/rooms/r" + ThreadLocalRandom.current().nextInt(ROOMS);
                    TestClient visitor;
                    try {
                      visitor = h.connect(room);
                    } catch (Exception full) {
                      // Every room busy: 503 before the upgrade, as documented.
                      assertThat(full).hasStackTraceContaining("503");
                      refused.incrementAndGet();
                      continue;
                    }
                    try (visitor) {
                      String text = "client " + client + " visit " + visit;
                      visitor.send(text);
                      if (waitFor(visitor, text)) {
                        heard.incrementAndGet();
                      } else {
                        lost.incrementAndGet();
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> visitor : visitors) {
        visitor.get();
      }
      pool.shutdown();
    }
    assertThat(heard.get()).as("visits that heard their own message").isPositive();
    assertThat(lost.get())
        .as(
            "visits whose room was forgotten under them (%d heard, %d refused)",
            heard.get(), refused.get())
        .isZero();
  }

  /** Whether {@code text} arrives, skipping other visitors' messages. */
  private static boolean waitFor(TestClient client, String text) throws InterruptedException {
    long deadline = System.nanoTime() + ECHO_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      String got = client.poll(Duration.ofNanos(deadline - System.nanoTime()));
      if (text.equals(got)) {
        return true;
      }
    }
    return false;
  }
}
