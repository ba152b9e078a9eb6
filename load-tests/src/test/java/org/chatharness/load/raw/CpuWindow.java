package org.chatharness.load.raw;

/**
 * CPU used over a window of wall time: by the server, by this generator, by the generator's core
 * (whoever ran on it) and by everything else on the machine. Started when made.
 */
final class CpuWindow {
  private final long serverPid;
  private final long selfPid = ProcessHandle.current().pid();
  private final int generatorCore = singleCore(ProcCpu.allowedCores(selfPid));
  private final long startNanos = System.nanoTime();
  private final long server0;
  private final long self0 = ProcCpu.processNanos(selfPid);
  private final long[] cores0 = ProcCpu.coreBusyNanos();

  /**
   * @param serverPid the server's process, or -1 when it is not on this machine
   */
  CpuWindow(long serverPid) {
    this.serverPid = serverPid;
    this.server0 = serverPid < 0 ? -1 : ProcCpu.processNanos(serverPid);
  }

  /** Ends the window; the per-delivery figure is left to the caller (NaN here). */
  RunResult.Cpu stop() {
    double wall = System.nanoTime() - startNanos;
    long server1 = serverPid < 0 ? -1 : ProcCpu.processNanos(serverPid);
    long self = ProcCpu.processNanos(selfPid) - self0;
    long[] cores1 = ProcCpu.coreBusyNanos();
    double serverShare = server0 < 0 || server1 < 0 ? Double.NaN : (server1 - server0) / wall;
    double coreBusy = Double.NaN;
    double otherLoad = Double.NaN;
    if (cores1.length == cores0.length && cores0.length > 0) {
      long all = 0;
      for (int i = 0; i < cores0.length; i++) {
        all += cores1[i] - cores0[i];
      }
      otherLoad =
          Math.max(0, (all - self - (Double.isNaN(serverShare) ? 0 : serverShare * wall)) / wall);
      if (generatorCore >= 0 && generatorCore < cores0.length) {
        coreBusy = (cores1[generatorCore] - cores0[generatorCore]) / wall;
      }
    }
    return new RunResult.Cpu(wall / 1e9, serverShare, Double.NaN, self / wall, coreBusy, otherLoad);
  }

  /** The core of a list naming exactly one ("1"), else -1. */
  static int singleCore(String allowed) {
    try {
      return Integer.parseInt(allowed.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
