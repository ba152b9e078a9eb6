package org.chatharness.load.targets;

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
          return "not measured (remote server; give -Dserver.pid for a local one)";
        }
      };

  /** CPU time the server has used so far, in nanoseconds, or -1 when unknown. */
  long cpuNanos();

  /**
   * Memory the server holds, in bytes, or -1 when unknown: the heap after a full GC for a local
   * JVM, the memory charged to its cgroup for a container. Taking it may pause the server.
   */
  long memoryBytes();

  /** What is measured, in a few words, for reports. */
  String describe();
}
