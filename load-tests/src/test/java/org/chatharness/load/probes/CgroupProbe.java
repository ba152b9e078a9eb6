package org.chatharness.load.probes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Measures a Docker container from its cgroup (v1, as the daemon here sets it up): CPU from {@code
 * cpuacct.usage}, memory from {@code memory.usage_in_bytes} less the page cache. That is the
 * container's resident memory, which a JVM does not give back after a GC: heap per connection from
 * it is an upper bound.
 */
public final class CgroupProbe implements ServerProbe {
  private static final Path ROOT = Path.of("/sys/fs/cgroup");
  private final Path cpu;
  private final Path memory;
  private final int cores;

  /**
   * @param cores the container's CPU limit, rounded up
   */
  public CgroupProbe(String containerId, int cores) {
    this.cpu = ROOT.resolve("cpuacct/docker").resolve(containerId).resolve("cpuacct.usage");
    this.memory = ROOT.resolve("memory/docker").resolve(containerId);
    this.cores = cores;
  }

  /** True when this machine exposes the container's cgroup files where this probe looks. */
  public boolean available() {
    return Files.isReadable(cpu) && Files.isReadable(memory.resolve("memory.usage_in_bytes"));
  }

  @Override
  public long cpuNanos() {
    try {
      return Long.parseLong(Files.readString(cpu).trim());
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  @Override
  public long memoryBytes() {
    try {
      long usage = Long.parseLong(Files.readString(memory.resolve("memory.usage_in_bytes")).trim());
      long cache = 0;
      for (String line : Files.readAllLines(memory.resolve("memory.stat"))) {
        if (line.startsWith("total_cache ")) {
          cache = Long.parseLong(line.substring("total_cache ".length()).trim());
        }
      }
      return usage - cache;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  @Override
  public int cores() {
    return cores;
  }

  @Override
  public String describe() {
    return "container cgroup (CPU from cpuacct, memory = resident, not heap after GC)";
  }
}
