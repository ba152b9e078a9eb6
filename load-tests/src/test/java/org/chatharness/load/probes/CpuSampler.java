package org.chatharness.load.probes;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples, twice a second, the CPU time of the server (through its {@link ServerProbe}) and of this
 * load generator's JVM, so a report can give each one's share of a core over any window.
 */
public final class CpuSampler implements AutoCloseable {
  private static final long PERIOD_MILLIS = 500;
  private static final long NANOS_PER_TICK = 10_000_000L;
  private static final Path PROC_STAT = Path.of("/proc/stat");

  private record Sample(long nanos, long server, long loadGenerator, long machine) {}

  private final ServerProbe server;
  private final boolean serverInThisJvm;
  private final OperatingSystemMXBean os =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final List<Sample> samples = new ArrayList<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "cpu-sampler");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * @param serverInThisJvm true when the server runs inside this JVM: its CPU is then taken out of
   *     the load generator's
   */
  public CpuSampler(ServerProbe server, boolean serverInThisJvm) {
    this.server = server;
    this.serverInThisJvm = serverInThisJvm;
  }

  /** Starts sampling. */
  public CpuSampler start() {
    timer.scheduleAtFixedRate(this::sample, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Takes one sample now (also called at the edges of the windows that matter). */
  public void sample() {
    long serverCpu = server.cpuNanos();
    long process = os.getProcessCpuTime();
    long loadGenerator = serverInThisJvm && serverCpu >= 0 ? process - serverCpu : process;
    Sample sample = new Sample(System.nanoTime(), serverCpu, loadGenerator, machineBusyNanos());
    synchronized (samples) {
      samples.add(sample);
    }
  }

  /** Busy CPU time of every core of the machine (all but idle and iowait), or -1. */
  private static long machineBusyNanos() {
    try {
      String first = Files.readAllLines(PROC_STAT).get(0);
      String[] ticks = first.trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < ticks.length && i <= 8; i++) {
        if (i != 4 && i != 5) {
          busy += Long.parseLong(ticks[i]);
        }
      }
      return busy * NANOS_PER_TICK;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * CPU that neither the server nor Gatling used over the window (other processes, the kernel
   * outside them, hypervisor steal), as a share of one core, or NaN: a sign the figures were
   * disturbed on a shared machine.
   */
  public double othersShare(long fromNanos, long toNanos) {
    Sample[] edges = edges(fromNanos, toNanos);
    if (edges == null || edges[0].machine < 0 || edges[0].server < 0) {
      return Double.NaN;
    }
    double wall = edges[1].nanos - edges[0].nanos;
    double machine = (edges[1].machine - edges[0].machine) / wall;
    double ours =
        (edges[1].server - edges[0].server + edges[1].loadGenerator - edges[0].loadGenerator)
            / wall;
    return Math.max(0, machine - ours);
  }

  /** Cores the server may run on, or 0 when unknown. */
  public int serverCores() {
    return server.cores();
  }

  /** Cores this load generator may run on (its CPU affinity, as taskset sets it). */
  public int loadGeneratorCores() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** The server's CPU over the window, as a share of one core (1.0 = a full core), or NaN. */
  public double serverShare(long fromNanos, long toNanos) {
    return share(fromNanos, toNanos, true);
  }

  /** The load generator's CPU over the window, as a share of one core, or NaN. */
  public double loadGeneratorShare(long fromNanos, long toNanos) {
    return share(fromNanos, toNanos, false);
  }

  /** Server CPU nanoseconds spent over the window, or -1 when unknown. */
  public long serverCpuNanos(long fromNanos, long toNanos) {
    Sample[] edges = edges(fromNanos, toNanos);
    if (edges == null || edges[0].server < 0 || edges[1].server < 0) {
      return -1;
    }
    double scale = (double) (toNanos - fromNanos) / (edges[1].nanos - edges[0].nanos);
    return (long) ((edges[1].server - edges[0].server) * scale);
  }

  private double share(long fromNanos, long toNanos, boolean ofServer) {
    Sample[] edges = edges(fromNanos, toNanos);
    if (edges == null) {
      return Double.NaN;
    }
    long from = ofServer ? edges[0].server : edges[0].loadGenerator;
    long to = ofServer ? edges[1].server : edges[1].loadGenerator;
    if (from < 0 || to < 0) {
      return Double.NaN;
    }
    return (double) (to - from) / (edges[1].nanos - edges[0].nanos);
  }

  /** The last sample at or before {@code from} and the first at or after {@code to}. */
  private Sample[] edges(long from, long to) {
    Sample first = null;
    Sample last = null;
    synchronized (samples) {
      for (Sample sample : samples) {
        if (sample.nanos <= from) {
          first = sample;
        }
        if (sample.nanos >= to && last == null) {
          last = sample;
        }
      }
      if (first == null && !samples.isEmpty()) {
        first = samples.get(0);
      }
      if (last == null && !samples.isEmpty()) {
        last = samples.get(samples.size() - 1);
      }
    }
    if (first == null || last == null || last.nanos <= first.nanos) {
      return null;
    }
    return new Sample[] {first, last};
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
