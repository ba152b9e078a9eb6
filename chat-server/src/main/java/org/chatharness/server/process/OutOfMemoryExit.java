package org.chatharness.server.process;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Ends the process on an {@link OutOfMemoryError}, so that a supervisor (systemd, Docker, a
 * Kubernetes probe) restarts it: a JVM out of heap serves nobody, and it ignores SIGTERM, because
 * the shutdown hook cannot run either.
 *
 * <p>The JVM's own {@code -XX:+ExitOnOutOfMemoryError} is the sure way, and every documented way to
 * start the server passes it. This is for a {@code java -jar} without it: it sees the errors that
 * reach a thread of the server's own (Jetty's pool, the timers) or no handler at all, not those a
 * library catches and turns into a failure.
 */
public final class OutOfMemoryExit {
  /** The exit code, the same as the JVM's {@code ExitOnOutOfMemoryError} uses. */
  public static final int EXIT_CODE = 3;

  private static final String FLAG = "ExitOnOutOfMemoryError";

  private OutOfMemoryExit() {}

  /** Halts the process if {@code failure} is an {@link OutOfMemoryError}; otherwise returns. */
  public static void onFailure(Throwable failure) {
    if (failure instanceof OutOfMemoryError) {
      // Nothing may allocate now: a constant line, then halt (shutdown hooks could hang).
      System.err.println("chat-server: out of memory, exiting so that the process is restarted");
      Runtime.getRuntime().halt(EXIT_CODE);
    }
  }

  /** Makes every thread that dies of an {@link OutOfMemoryError} end the process. */
  public static void onEveryThread() {
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, failure) -> {
          onFailure(failure);
          if (previous != null) {
            previous.uncaughtException(thread, failure);
          } else {
            System.err.print("Exception in thread \"" + thread.getName() + "\" ");
            failure.printStackTrace();
          }
        });
  }

  /**
   * Whether the JVM itself exits on an {@link OutOfMemoryError} ({@code
   * -XX:+ExitOnOutOfMemoryError}).
   */
  public static boolean jvmExitsByItself() {
    try {
      HotSpotDiagnosticMXBean hotSpot =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      return hotSpot != null
          && ("true".equals(hotSpot.getVMOption(FLAG).getValue())
              || "true".equals(hotSpot.getVMOption("CrashOnOutOfMemoryError").getValue()));
    } catch (RuntimeException notHotSpot) {
      return false;
    }
  }
}
