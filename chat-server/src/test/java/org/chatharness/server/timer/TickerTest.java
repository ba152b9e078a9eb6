package org.chatharness.server.timer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The timer under the heartbeat and the request deadline keeps running after a failed run. */
@Timeout(20)
class TickerTest {

  @Test
  void aRunThatThrowsDoesNotStopTheRunsAfterIt() throws Exception {
    assertRunsGoOnAfter(new IllegalStateException("the first run fails"));
  }

  @Test
  void aRunThatThrowsAnErrorDoesNotStopTheRunsAfterItEither() throws Exception {
    assertRunsGoOnAfter(new AssertionError("a bug"));
  }

  private static void assertRunsGoOnAfter(Throwable firstRunFailure) throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch threeMore = new CountDownLatch(3);
    try (Ticker ticker =
        new Ticker(
            "test-ticker",
            Duration.ofMillis(10),
            () -> {
              if (runs.incrementAndGet() == 1) {
                throwUnchecked(firstRunFailure);
              }
              threeMore.countDown();
            })) {
      ticker.start();
      assertThat(threeMore.await(5, TimeUnit.SECONDS))
          .as("runs after the failing one (%d runs so far)", runs.get())
          .isTrue();
    }
  }

  private static void throwUnchecked(Throwable failure) {
    if (failure instanceof RuntimeException unchecked) {
      throw unchecked;
    }
    throw (Error) failure;
  }
}
