package org.chatharness.load.raw;

import java.util.Arrays;

/**
 * Which of a run's connections send and which probe, by position in the order they connect.
 *
 * <p>Servers write a broadcast to their clients in the order they joined, so a probe's latency
 * depends on its place: probes are spread evenly over the order and the last connection is always
 * one, so the slowest place of the fan-out is measured. Senders are spread too, on other places.
 * Every connection, sender and probe included, receives every message.
 */
final class Roles {
  enum Role {
    SINK,
    SENDER,
    PROBE
  }

  private final Role[] roles;
  private final int[] senderPositions;

  private Roles(Role[] roles, int[] senderPositions) {
    this.roles = roles;
    this.senderPositions = senderPositions;
  }

  /** Spreads {@code senders} and {@code probes} over {@code clients} connections. */
  static Roles spread(int clients, int senders, int probes) {
    if (senders < 1 || probes < 0 || senders + probes > clients) {
      throw new IllegalArgumentException(
          "need at least 1 sender and senders + probes <= clients, got "
              + senders
              + " senders, "
              + probes
              + " probes, "
              + clients
              + " clients");
    }
    Role[] roles = new Role[clients];
    Arrays.fill(roles, Role.SINK);
    for (int i = 0; i < probes; i++) {
      roles[(int) Math.round((i + 1) * (double) clients / probes) - 1] = Role.PROBE;
    }
    int[] senderPositions = new int[senders];
    for (int i = 0; i < senders; i++) {
      int at = (int) ((long) i * clients / senders);
      while (roles[at] != Role.SINK) {
        at = (at + 1) % clients;
      }
      roles[at] = Role.SENDER;
      senderPositions[i] = at;
    }
    return new Roles(roles, senderPositions);
  }

  int clients() {
    return roles.length;
  }

  Role of(int position) {
    return roles[position];
  }

  /** Position of each sender, by sender number. */
  int[] senderPositions() {
    return senderPositions.clone();
  }
}
