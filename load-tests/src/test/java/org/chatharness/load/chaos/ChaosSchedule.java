package org.chatharness.load.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;
import org.chatharness.load.Parameters;

/**
 * When to kill which node and for how long: kill number {@code i} (0-based) hits node {@code
 * (firstNode + i) mod nodes} at {@code firstKill + i * every} after sending started, and the node
 * is started again {@code down} later. Runs on its own thread, so that killing and waiting for a
 * restarted node's health never blocks a Gatling event loop.
 */
public final class ChaosSchedule {
  private final int kills;
  private final int nodes;
  private final int firstNode;
  private final Duration firstKill;
  private final Duration every;
  private final Duration down;
  private final List<String> events = new ArrayList<>();
  private volatile String failure;

  public ChaosSchedule(
      int kills, int nodes, int firstNode, Duration firstKill, Duration every, Duration down) {
    this.kills = kills;
    this.nodes = nodes;
    this.firstNode = firstNode;
    this.firstKill = firstKill;
    this.every = every;
    this.down = down;
  }

  /** The schedule the run's parameters give, for a cluster of {@code nodes}. */
  public static ChaosSchedule fromParameters(int nodes) {
    return new ChaosSchedule(
        Parameters.KILLS.get(),
        nodes,
        Parameters.KILL_NODE.get(),
        Duration.ofSeconds(Parameters.KILL_AT.get()),
        Duration.ofSeconds(Parameters.KILL_EVERY.get()),
        Duration.ofSeconds(Parameters.DOWN_FOR.get()));
  }

  /** The node kill number {@code i} hits. */
  public int nodeOf(int i) {
    return Math.floorMod(firstNode + i, nodes);
  }

  /** When kill number {@code i} happens, after sending started. */
  public Duration killAt(int i) {
    return firstKill.plus(every.multipliedBy(i));
  }

  /** When the last node is up again, after sending started. */
  public Duration end() {
    return kills == 0 ? Duration.ZERO : killAt(kills - 1).plus(down);
  }

  /** The plan in words, for reports. */
  public String describe() {
    if (kills == 0) {
      return "no kills";
    }
    StringBuilder plan = new StringBuilder();
    for (int i = 0; i < kills; i++) {
      plan.append(i == 0 ? "" : "; ")
          .append(
              String.format(
                  Locale.ROOT,
                  "kill -9 node %d at %d s, restart %d s later",
                  nodeOf(i),
                  killAt(i).toSeconds(),
                  down.toSeconds()));
    }
    return plan.toString();
  }

  /**
   * Starts the schedule now, on a daemon thread: {@code kill} and {@code restart} get a node index;
   * {@code ledger} is told of each kill and of the end.
   */
  public void start(ChaosLedger ledger, IntConsumer kill, IntConsumer restart) {
    long start = System.nanoTime();
    Thread thread =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < kills; i++) {
                  int node = nodeOf(i);
                  sleepUntil(start, killAt(i));
                  ledger.kill(node, () -> kill.accept(node));
                  log(start, "killed node " + node);
                  sleepUntil(start, killAt(i).plus(down));
                  restart.accept(node);
                  log(start, "node " + node + " up again");
                }
              } catch (RuntimeException e) {
                failure = e.toString();
                log(start, "schedule failed: " + e);
              } finally {
                ledger.chaosDone();
              }
            },
            "chaos-schedule");
    thread.setDaemon(true);
    thread.start();
  }

  /** What happened when, in seconds after the start. */
  public synchronized List<String> events() {
    return List.copyOf(events);
  }

  /** Null when every kill and restart worked, else why not. */
  public String failure() {
    return failure;
  }

  private synchronized void log(long start, String event) {
    String line =
        String.format(Locale.ROOT, "%.1f s: %s", (System.nanoTime() - start) / 1e9, event);
    events.add(line);
    System.out.println("chaos " + line);
  }

  private static void sleepUntil(long start, Duration at) {
    long wait = start + at.toNanos() - System.nanoTime();
    if (wait > 0) {
      try {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("chaos schedule interrupted", e);
      }
    }
  }
}
