package org.chatharness.load.raw;

/**
 * CPU used over a window of wall time: by the server (in user space and in the kernel), by this
 * generator, by other processes on the server's and on the generator's core, and by everything else
 * on the machine. Started when made.
 */
final class CpuWindow {
  private final long serverPid;
  private final long selfPid = ProcessHandle.current().pid();
  private final int generatorCore = singleCore(ProcCpu.allowedCores(selfPid));
  private final int serverCore;
  private final long startNanos = System.nanoTime();
  private final ProcCpu.Times server0;
  private final long self0 = ProcCpu.processNanos(selfPid);
  private final long[] cores0 = ProcCpu.coreBusyNanos();

  /**
   * @param serverPid the server's process, or -1 when it is not on this machine
   */
  CpuWindow(long serverPid) {
    this.serverPid = serverPid;
    this.serverCore = serverPid < 0 ? -1 : singleCore(ProcCpu.allowedCores(serverPid));
    this.server0 = serverPid < 0 ? ProcCpu.Times.GONE : ProcCpu.process(serverPid);
  }

  /** Ends the window; the per-delivery figures are left to the caller (NaN here). */
  RunResult.Cpu stop() {
    double wall = System.nanoTime() - startNanos;
    ProcCpu.Times server1 = serverPid < 0 ? ProcCpu.Times.GONE : ProcCpu.process(serverPid);
    long self = ProcCpu.processNanos(selfPid) - self0;
    long[] cores1 = ProcCpu.coreBusyNanos();
    boolean measured = server0.totalNanos() >= 0 && server1.totalNanos() >= 0;
    long server = measured ? server1.totalNanos() - server0.totalNanos() : 0;
    double serverShare = measured ? server / wall : Double.NaN;
    double serverKernelShare =
        measured ? (server1.kernelNanos() - server0.kernelNanos()) / wall : Double.NaN;
    double generatorCoreBusy = Double.NaN;
    double serverCoreOthers = Double.NaN;
    double otherLoad = Double.NaN;
    if (cores1.length == cores0.length && cores0.length > 0) {
      long all = 0;
      for (int i = 0; i < cores0.length; i++) {
        all += cores1[i] - cores0[i];
      }
      otherLoad = Math.max(0, (all - self - server) / wall);
      if (generatorCore >= 0 && generatorCore < cores0.length) {
        generatorCoreBusy = (cores1[generatorCore] - cores0[generatorCore]) / wall;
      }
      if (measured && serverCore >= 0 && serverCore < cores0.length) {
        serverCoreOthers = Math.max(0, (cores1[serverCore] - cores0[serverCore] - server) / wall);
      }
    }
    return new RunResult.Cpu(
        wall / 1e9,
        serverShare,
        serverKernelShare,
        Double.NaN,
        Double.NaN,
        serverCoreOthers,
        self / wall,
        generatorCoreBusy,
        otherLoad);
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
