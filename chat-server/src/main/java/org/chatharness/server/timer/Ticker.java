package org.chatharness.server.timer;

import java.time.Duration;
import org.chatharness.server.process.OutOfMemoryExit;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic work as a lifecycle bean: runs a task one period after it started and one period after
 * each run ends, on the server's threads ({@link Timer}), until stopped. A run that throws is
 * logged and the next runs as planned: a scheduled executor would cancel the task for good,
 * silently, and a server whose heartbeat stopped would keep dead clients forever. Stopping waits
 * for a run under way, so nothing runs after {@code stop} returns.
 *
 * <pre>{@code
 * addBean(new Ticker("heartbeat", Duration.ofSeconds(20), this::beat, timer));
 * }</pre>
 */
public final class Ticker extends AbstractLifeCycle {
  private static final Logger LOG = LoggerFactory.getLogger(Ticker.class);

  private final String name;
  private final Duration period;
  private final Runnable task;
  private final Timer timer;
  // Held while a run is under way, so that stopping can wait for it.
  private final Object running = new Object();
  private volatile Scheduler.Task next;

  /**
   * @param name says whose runs failed, in the log
   */
  public Ticker(String name, Duration period, Runnable task, Timer timer) {
    this.name = name;
    this.period = period;
    this.task = task;
    this.timer = timer;
  }

  @Override
  protected void doStart() {
    next = timer.schedule(this::runOnce, period);
  }

  private void runOnce() {
    synchronized (running) {
      if (!isStarted()) {
        return;
      }
      try {
        task.run();
      } catch (RuntimeException | Error failure) {
        OutOfMemoryExit.onFailure(failure);
        LOG.error("{}: a run failed; the next runs as planned", name, failure);
      }
      if (isStarted()) {
        next = timer.schedule(this::runOnce, period);
      }
    }
  }

  @Override
  protected void doStop() {
    Scheduler.Task planned = next;
    if (planned != null) {
      planned.cancel();
    }
    synchronized (running) {
      // A run that was under way has ended; one that starts now finds this stopped.
    }
  }

  @Override
  public String toString() {
    return name + "@" + period;
  }
}
