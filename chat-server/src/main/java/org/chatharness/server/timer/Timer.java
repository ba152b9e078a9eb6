package org.chatharness.server.timer;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Runs tasks later on the server's own threads: Jetty's one scheduler says when, the thread pool
 * runs them. So no part of the server needs a timer thread of its own, and a slow task (a ping to
 * every connection, a Redis call during an outage) never holds up the scheduler that times the
 * others.
 *
 * <pre>{@code
 * Timer timer = new Timer(server.getScheduler(), server.getThreadPool());
 * timer.schedule(() -> sendBatch(), Duration.ofMillis(250));
 * }</pre>
 */
public final class Timer {
  private static final Scheduler.Task NOTHING = () -> false;

  private final Scheduler scheduler;
  private final Executor executor;

  public Timer(Scheduler scheduler, Executor executor) {
    this.scheduler = scheduler;
    this.executor = executor;
  }

  /**
   * Runs {@code task} on a pool thread after {@code delay}. Once the server is stopping, nothing
   * runs: the returned task is already cancelled.
   */
  public Scheduler.Task schedule(Runnable task, Duration delay) {
    try {
      return scheduler.schedule(() -> execute(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException stopping) {
      return NOTHING;
    }
  }

  private void execute(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException stopping) {
      // The pool is stopping: so is everything a timed task would serve.
    }
  }
}
