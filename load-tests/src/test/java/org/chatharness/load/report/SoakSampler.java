package org.chatharness.load.report;

import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Takes the soak's readings on a thread of its own: every {@code period} the server's heap after a
 * full GC (which may take a second and must not stall Gatling's event loops) and its GC meters, and
 * one last reading when asked to finish.
 */
public final class SoakSampler implements AutoCloseable {
  private final LongSupplier heapAfterGc;
  private final URI node;
  private final HeapSeries series;
  private final long startNanos = System.nanoTime();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "soak-sampler");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * @param heapAfterGc the server's heap after a full GC in bytes, -1 when unknown
   * @param node the server whose {@code /metrics} gives its GC pauses
   */
  public SoakSampler(LongSupplier heapAfterGc, URI node, HeapSeries series) {
    this.heapAfterGc = heapAfterGc;
    this.node = node;
    this.series = series;
  }

  /** Takes a reading now and then every {@code periodSeconds}. */
  public SoakSampler start(double periodSeconds) {
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

  private void sample() {
    if (finished()) {
      return;
    }
    long heap = heapAfterGc.getAsLong();
    long now = System.nanoTime();
    series.add(new HeapSeries.Sample(now, (now - startNanos) / 1e9, heap, GcPauses.scrape(node)));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
