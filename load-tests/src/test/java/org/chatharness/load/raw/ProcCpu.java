package org.chatharness.load.raw;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time as Linux's {@code /proc} counts it: a process's (all its threads, user and system), and
 * how busy each core was (whoever ran on it), in nanoseconds.
 */
final class ProcCpu {
  /** Clock ticks per second of {@code /proc} times ({@code getconf CLK_TCK}): 100 on Linux. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  private ProcCpu() {}

  /** A process's CPU time in user space and in the kernel. */
  record Times(long userNanos, long kernelNanos) {
    static final Times GONE = new Times(-1, -1);

    long totalNanos() {
      return userNanos < 0 ? -1 : userNanos + kernelNanos;
    }
  }

  /** utime and stime of a process (all its threads, dead ones included), or {@link Times#GONE}. */
  static Times process(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name is in parentheses and may hold spaces: count fields after it. utime and
      // stime are fields 14 and 15 of the line, 12 and 13 after the name.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new Times(
          Long.parseLong(fields[11]) * NANOS_PER_TICK, Long.parseLong(fields[12]) * NANOS_PER_TICK);
    } catch (IOException | RuntimeException e) {
      return Times.GONE;
    }
  }

  /** utime + stime of a process, or -1 when it is gone. */
  static long processNanos(long pid) {
    return process(pid).totalNanos();
  }

  /** Busy time of each core (everything but idle and iowait, steal included), by core number. */
  static long[] coreBusyNanos() {
    try {
      List<Long> busy = new ArrayList<>();
      for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
        if (line.startsWith("cpu") && Character.isDigit(line.charAt(3))) {
          String[] f = line.trim().split("\\s+");
          long total = 0;
          for (int i = 1; i <= 8 && i < f.length; i++) {
            total += Long.parseLong(f[i]);
          }
          busy.add((total - Long.parseLong(f[4]) - Long.parseLong(f[5])) * NANOS_PER_TICK);
        }
      }
      return busy.stream().mapToLong(Long::longValue).toArray();
    } catch (IOException | RuntimeException e) {
      return new long[0];
    }
  }

  /** The cores a process may run on ({@code Cpus_allowed_list}, e.g. "0" or "0-1"), or "?". */
  static String allowedCores(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("Cpus_allowed_list:")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone, or not Linux: said as "?"
    }
    return "?";
  }
}
