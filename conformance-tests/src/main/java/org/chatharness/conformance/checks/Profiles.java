package org.chatharness.conformance.checks;

import java.util.List;

/**
 * The profiles a server can be verified against; each is the JUnit tag of its check classes.
 *
 * <ul>
 *   <li>{@value #PLAIN}: the tutorial's contract, for any broadcast chat server;
 *   <li>{@value #V1}: every rule of docs/PROTOCOL.md (chat.v1, rooms, limits, close codes);
 *   <li>{@value #CLUSTER}: two nodes of one cluster, given as two URLs.
 * </ul>
 */
public final class Profiles {
  public static final String PLAIN = "plain";
  public static final String V1 = "v1";
  public static final String CLUSTER = "cluster";

  /** Every profile, in the order a server is usually verified. */
  public static final List<String> ALL = List.of(PLAIN, V1, CLUSTER);

  /** The package whose classes are the checks. */
  public static final String CHECKS_PACKAGE = "org.chatharness.conformance.checks";

  private Profiles() {}
}
