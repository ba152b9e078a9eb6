package org.chatharness.load.probes;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.chatharness.load.ledger.Latencies;
import org.chatharness.load.ledger.MemorySeries;

/**
 * Takes a soak's readings on a thread of its own: every period the server's memory (a full GC
 * first, which may take a second and must not stall Gatling's event loops), its GC meters, and the
 * latencies recorded since the reading before; and one last reading when asked to finish.
 */
public final class MemorySampler implements AutoCloseable {
  /**
   * One reading.
   *
   * @param gc the server's collections so far (from its /metrics)
   * @param latencies the latencies recorded since the reading before
   */
  public record Reading(MemorySeries.Sample sample, GcPauses gc, Latencies latencies) {}

  private final LongSupplier memory;
  private final URI node;
  private final MemorySeries series;
  private final Supplier<Latencies> window;
  private final List<Reading> readings = new ArrayList<>();
  private final long startNanos = System.nanoTime();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "memory-sampler");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * @param memory the server's memory in bytes, -1 when unknown
   * @param node the server whose {@code /metrics} gives its GC pauses, when it has them
   * @param window the latencies recorded since it was last called
   */
  public MemorySampler(
      LongSupplier memory, URI node, MemorySeries series, Supplier<Latencies> window) {
    this.memory = memory;
    this.node = node;
    this.series = series;
    this.window = window;
  }

  /** Takes a reading now and then every {@code periodSeconds}. */
  public MemorySampler start(double periodSeconds) {
    timer.scheduleAtFixedRate(
        this::sample, 0, (long) (periodSeconds * 1000), TimeUnit.MILLISECONDS);
    return this;
  }

  /** Takes the last reading (on the sampler's thread, after any under way) and stops. */
  public void finish() {
    timer.execute(
        () -> {
          sample();
          finished.countDown();
          timer.shutdown();
        });
  }

  /** True once the last reading is in. */
  public boolean finished() {
    return finished.getCount() == 0;
  }

  /** The readings so far. */
  public synchronized List<Reading> readings() {
    return List.copyOf(readings);
  }

  private void sample() {
    if (finished()) {
      return;
    }
    long bytes = memory.getAsLong();
    long now = System.nanoTime();
    MemorySeries.Sample sample = new MemorySeries.Sample(now, (now - startNanos) / 1e9, bytes);
    series.add(sample);
    Reading reading = new Reading(sample, GcPauses.scrape(node), window.get());
    synchronized (this) {
      readings.add(reading);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
