package org.chatharness.load.targets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures a server JVM running on this machine: CPU from {@code /proc/<pid>/stat}, and the heap
 * after a full GC from {@code jcmd <pid> GC.class_histogram}, which collects before it counts.
 */
public final class ProcessProbe implements ServerProbe {
  /** Clock ticks per second of {@code /proc} times: 100 on every Linux this runs on. */
  private static final long CLOCK_TICKS = 100;

  private static final Pattern HISTOGRAM_TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)");
  private static final Pattern SS_PID = Pattern.compile("pid=(\\d+)");

  private final long pid;

  public ProcessProbe(long pid) {
    this.pid = pid;
  }

  /** The pid of the process listening on {@code port} of this machine, or -1 (uses {@code ss}). */
  public static long findListener(int port) {
    try {
      Process ss = new ProcessBuilder("ss", "-Hltnp", "sport = :" + port).start();
      String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      ss.waitFor(5, TimeUnit.SECONDS);
      Matcher pid = SS_PID.matcher(out);
      return pid.find() ? Long.parseLong(pid.group(1)) : -1;
    } catch (IOException | InterruptedException | RuntimeException e) {
      return -1;
    }
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
    try {
      Process jcmd =
          new ProcessBuilder("jcmd", Long.toString(pid), "GC.class_histogram")
              .redirectErrorStream(true)
              .start();
      String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      jcmd.waitFor(60, TimeUnit.SECONDS);
      Matcher total = HISTOGRAM_TOTAL.matcher(out);
      return total.find() ? Long.parseLong(total.group(1)) : -1;
    } catch (IOException | InterruptedException | RuntimeException e) {
      return -1;
    }
  }

  @Override
  public String describe() {
    return "local process " + pid + " (CPU from /proc, heap after full GC from jcmd)";
  }
}
