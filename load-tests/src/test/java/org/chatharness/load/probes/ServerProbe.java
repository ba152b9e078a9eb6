package org.chatharness.load.probes;

/** What a simulation can measure of the server it loads, where the target allows it. */
public interface ServerProbe {

  /** A probe for a server we cannot see (a remote URL): measures nothing. */
  ServerProbe NONE =
      new ServerProbe() {
        @Override
        public long cpuNanos() {
          return -1;
        }

        @Override
        public long memoryBytes() {
          return -1;
        }

        @Override
        public String describe() {
          return "not measured (a server not on this machine; give -DserverPid for a local one)";
        }
      };

  /** CPU time the server has used so far, in nanoseconds, or -1 when unknown. */
  long cpuNanos();

  /**
   * Memory the server holds, in bytes, or -1 when unknown: the heap after a full GC for a JVM on
   * this machine, resident memory for another process, the memory charged to a container's cgroup.
   * Taking it may pause the server.
   */
  long memoryBytes();

  /** Cores the server may run on, or 0 when unknown: its CPU share is judged against them. */
  default int cores() {
    return 0;
  }

  /** What is measured, in a few words, for reports. */
  String describe();
}
