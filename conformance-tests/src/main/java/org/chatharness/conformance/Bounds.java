package org.chatharness.conformance;

import java.time.Duration;

/**
 * Every wait of the checks, each a generous bound on what a client would call working: on a busy CI
 * machine or against a server far away a healthy server stays well within them, and a check that
 * waits its full bound has found a fault. None of them is a timing goal.
 */
public final class Bounds {
  /** A WebSocket handshake completes. */
  public static final Duration CONNECT = Duration.ofSeconds(10);

  /** A message sent arrives at a client that is in the room. */
  public static final Duration DELIVERY = Duration.ofSeconds(10);

  /** A server closes a connection that broke a rule, once the offending frame is sent. */
  public static final Duration CLOSE = Duration.ofSeconds(10);

  /** Newly connected clients start receiving the room's messages (see {@code PlainRoom}). */
  public static final Duration READY = Duration.ofSeconds(10);

  /** The longest pause between two readiness probes (see {@code PlainRoom}). */
  public static final Duration READY_PROBE = Duration.ofMillis(250);

  /** A join or leave on one node of a cluster is seen on another. */
  public static final Duration CLUSTER_PRESENCE = Duration.ofSeconds(20);

  /** A name given up (its connections closed) can be taken by someone else. */
  public static final Duration NAME_RELEASE = Duration.ofSeconds(20);

  private Bounds() {}
}
