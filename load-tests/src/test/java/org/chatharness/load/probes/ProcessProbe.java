package org.chatharness.load.probes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures a server process on this machine: CPU from {@code /proc/<pid>/stat}; memory as the heap
 * after a full GC from {@code jcmd <pid> GC.class_histogram} (which collects before it counts) when
 * the process is a JVM, else its resident set from {@code /proc/<pid>/status}.
 */
public final class ProcessProbe implements ServerProbe {
  /** Clock ticks per second of {@code /proc} times: 100 on every Linux this runs on. */
  private static final long CLOCK_TICKS = 100;

  private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)");
  private static final Pattern RESIDENT = Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB");
  private static final Pattern CPUS_ALLOWED = Pattern.compile("(?m)^Cpus_allowed_list:\\s+(\\S+)");
  private static final Pattern SS_PID = Pattern.compile("pid=(\\d+)");

  private final long pid;

  public ProcessProbe(long pid) {
    this.pid = pid;
  }

  /** The pid of the process listening on {@code port} of this machine, or -1 (uses {@code ss}). */
  public static long findListener(int port) {
    String out = run(5, "ss", "-Hltnp", "sport = :" + port);
    Matcher pid = SS_PID.matcher(out);
    return pid.find() ? Long.parseLong(pid.group(1)) : -1;
  }

  public long pid() {
    return pid;
  }

  @Override
  public long cpuNanos() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // Fields after the command name, which is in parentheses and may hold spaces: state is
      // field 3, utime and stime are fields 14 and 15.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return ticks * (1_000_000_000L / CLOCK_TICKS);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  @Override
  public long memoryBytes() {
    boolean jvm = isJvm(pid);
    Matcher match =
        jvm
            ? HISTOGRAM_TOTAL.matcher(run(60, "jcmd", Long.toString(pid), "GC.class_histogram"))
            : RESIDENT.matcher(status());
    if (!match.find()) {
      return -1;
    }
    long value = Long.parseLong(match.group(1));
    return jvm ? value : value * 1024;
  }

  @Override
  public int cores() {
    Matcher allowed = CPUS_ALLOWED.matcher(status());
    return allowed.find() ? countCpus(allowed.group(1)) : 0;
  }

  /** The number of CPUs in a list such as {@code 0-3,6}. */
  static int countCpus(String list) {
    int count = 0;
    for (String part : list.split(",")) {
      String[] range = part.split("-");
      count += range.length == 1 ? 1 : Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1;
    }
    return count;
  }

  @Override
  public String describe() {
    return "process "
        + pid
        + " on this machine (CPU from /proc; memory: "
        + (isJvm(pid)
            ? "heap after a full GC, from jcmd)"
            : "resident set, from /proc: not a JVM)");
  }

  private String status() {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "status"));
    } catch (IOException e) {
      return "";
    }
  }

  private static boolean isJvm(long pid) {
    try (var maps = Files.lines(Path.of("/proc", Long.toString(pid), "maps"))) {
      return maps.anyMatch(line -> line.endsWith("/libjvm.so"));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The output of a short command, or empty when it cannot run or does not end within the timeout
   * (then it is killed: a hung {@code jcmd} must not hang the run). The output goes to a file, so
   * waiting is not blocked on reading it.
   */
  private static String run(int timeoutSeconds, String... command) {
    Path out = null;
    try {
      out = Files.createTempFile("probe-", ".out");
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return "";
      }
      return Files.readString(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    } finally {
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException ignored) {
          // a temporary file left behind
        }
      }
    }
  }
}
