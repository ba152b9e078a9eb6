package org.chatharness.load.probes;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/**
 * Measures a server running inside the Gatling JVM: the CPU of its threads, found by name. Its
 * memory cannot be told apart from Gatling's, so it reports none.
 */
public final class ThreadProbe implements ServerProbe {
  private final String threadPrefix;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  public ThreadProbe(String threadPrefix) {
    this.threadPrefix = threadPrefix;
  }

  @Override
  public long cpuNanos() {
    long total = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith(threadPrefix)) {
        long cpu = threads.getThreadCpuTime(info.getThreadId());
        if (cpu > 0) {
          total += cpu;
        }
      }
    }
    return total;
  }

  @Override
  public long memoryBytes() {
    return -1;
  }

  @Override
  public int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  @Override
  public String describe() {
    return "server threads '" + threadPrefix + "*' inside the Gatling JVM (CPU only)";
  }
}
