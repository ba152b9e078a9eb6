package org.chatharness.server.timer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Periodic work on the shared scheduler: it survives a failed run and ends with its stop. */
@Timeout(20)
class TickerTest {
  private static final Duration PERIOD = Duration.ofMillis(10);

  private final ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler();
  private final QueuedThreadPool pool = new QueuedThreadPool();
  private Timer timer;

  @BeforeEach
  void startTheServersThreads() throws Exception {
    scheduler.start();
    pool.start();
    timer = new Timer(scheduler, pool);
  }

  @AfterEach
  void stopThem() throws Exception {
    pool.stop();
    scheduler.stop();
  }

  @Test
  void aRunThatThrowsDoesNotStopTheRunsAfterIt() throws Exception {
    assertRunsGoOnAfter(new IllegalStateException("the first run fails"));
  }

  @Test
  void aRunThatThrowsAnErrorDoesNotStopTheRunsAfterItEither() throws Exception {
    assertRunsGoOnAfter(new AssertionError("a bug"));
  }

  @Test
  void stoppingWaitsForTheRunUnderWayAndNothingRunsAfterIt() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    Ticker ticker =
        new Ticker(
            "slow",
            PERIOD,
            () -> {
              runs.incrementAndGet();
              running.countDown();
              awaitQuietly(release);
            },
            timer);
    ticker.start();
    assertThat(running.await(5, TimeUnit.SECONDS)).as("a run started").isTrue();
    Thread stopper = new Thread(() -> stopQuietly(ticker));
    stopper.start();
    stopper.join(200);
    assertThat(stopper.isAlive()).as("the stop waits for the run under way").isTrue();
    release.countDown();
    stopper.join(5000);
    assertThat(stopper.isAlive()).as("and returns once it ended").isFalse();
    int afterStop = runs.get();
    // Periods that would have run a second ticker several times over.
    CountDownLatch periods = new CountDownLatch(1);
    timer.schedule(periods::countDown, PERIOD.multipliedBy(10));
    assertThat(periods.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(runs.get()).as("no run after the stop").isEqualTo(afterStop);
  }

  private void assertRunsGoOnAfter(Throwable firstRunFailure) throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch threeMore = new CountDownLatch(3);
    Ticker ticker =
        new Ticker(
            "test-ticker",
            PERIOD,
            () -> {
              if (runs.incrementAndGet() == 1) {
                throwUnchecked(firstRunFailure);
              }
              threeMore.countDown();
            },
            timer);
    ticker.start();
    try {
      assertThat(threeMore.await(5, TimeUnit.SECONDS))
          .as("runs after the failing one (%d runs so far)", runs.get())
          .isTrue();
    } finally {
      ticker.stop();
    }
  }

  private static void throwUnchecked(Throwable failure) {
    if (failure instanceof RuntimeException unchecked) {
      throw unchecked;
    }
    throw (Error) failure;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void stopQuietly(Ticker ticker) {
    try {
      ticker.stop();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
