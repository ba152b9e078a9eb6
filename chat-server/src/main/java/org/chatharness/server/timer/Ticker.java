package org.chatharness.server.timer;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.chatharness.server.process.OutOfMemoryExit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread running one task at a fixed delay until closed. A run that throws is logged and
 * the next run happens as planned: a scheduled executor would otherwise cancel the task for good,
 * silently, and a server whose heartbeat stopped would keep dead clients forever.
 *
 * <pre>{@code
 * Ticker heartbeat = new Ticker("chat-heartbeat", Duration.ofSeconds(20), this::beat);
 * heartbeat.start();
 * ...
 * heartbeat.close();
 * }</pre>
 */
public final class Ticker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Ticker.class);

  private final String name;
  private final long periodNanos;
  private final Runnable task;
  private final ScheduledExecutorService thread;

  public Ticker(String name, Duration period, Runnable task) {
    this.name = name;
    this.periodNanos = period.toNanos();
    this.task = task;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread daemon = new Thread(runnable, name);
              daemon.setDaemon(true);
              return daemon;
            });
  }

  /** Runs the task every period, the first time one period from now. */
  public void start() {
    thread.scheduleWithFixedDelay(this::runOnce, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
  }

  private void runOnce() {
    try {
      task.run();
    } catch (RuntimeException | Error failure) {
      OutOfMemoryExit.onFailure(failure);
      LOG.error("{}: a run failed; the next runs as planned", name, failure);
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
