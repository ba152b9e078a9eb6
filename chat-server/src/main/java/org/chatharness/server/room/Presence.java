package org.chatharness.server.room;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.chatharness.server.codec.RoomEvent;
import org.chatharness.server.fanout.Member;

/**
 * Who is online in a room: the names of its members on this node ({@link LocalNames}: one person
 * may hold a name from several connections) and, with a shared broker, the names other nodes report
 * holding. Members hear of a change only when it changes whether a name is online: a second window
 * is not announced, nor a user who moves to another node, and a name leaves with its last
 * connection anywhere.
 *
 * <p>In a room of at most {@link Room#PRESENCE_LIST_LIMIT} names each change is announced at once
 * with the list of who is online. In a larger one a change waits up to the batch delay with every
 * other change meanwhile, and one event says what each changed name is then: otherwise a wave of n
 * joins (the users of a dead node rejoining here) would be n² names in the members' queues.
 *
 * <p>Not thread-safe: its room's lock guards it.
 */
final class Presence {
  private final LocalNames local = new LocalNames();
  // Names other nodes hold, each with the nodes holding it.
  private final Map<String, Set<String>> remote = new LinkedHashMap<>();
  // Names whose presence changed since the last batch (large rooms only), and whether one is due.
  private final Set<String> changed = new LinkedHashSet<>();
  private boolean batchDue;
  private final Runnable scheduleBatch;

  /**
   * @param scheduleBatch called when a batch becomes due; the room takes it ({@link #takeBatch})
   *     after the batch delay
   */
  Presence(Runnable scheduleBatch) {
    this.scheduleBatch = scheduleBatch;
  }

  /** Adds a member under {@code name}, if the name is free here or its owner's. */
  JoinResult admit(String name, Member member) {
    return local.admit(name, member);
  }

  /** Takes a member off its name; returns whether it held one. */
  boolean release(Member member) {
    return local.release(member);
  }

  /** Whether {@code name} is online here or on another node. */
  boolean isOnline(String name) {
    return local.holds(name) || remote.containsKey(name);
  }

  /** Names online: local ones in the order they joined, then other nodes' ones. */
  List<String> online() {
    if (remote.isEmpty()) {
      return List.copyOf(local.names());
    }
    Set<String> all = new LinkedHashSet<>(local.names());
    all.addAll(remote.keySet());
    return List.copyOf(all);
  }

  /**
   * The event telling the room that {@code name} came online ({@code join}) or went offline ({@code
   * leave}): now, in a small room; in a large one {@code null}, as the change joins the batch.
   */
  RoomEvent announce(String event, String name) {
    if (changed.isEmpty()) {
      List<String> online = online();
      if (online.size() <= Room.PRESENCE_LIST_LIMIT) {
        return new RoomEvent.Presence(event, name, online);
      }
    }
    changed.add(name);
    if (!batchDue) {
      batchDue = true;
      scheduleBatch.run();
    }
    return null;
  }

  /** The batch that is due: each changed name as it is now; {@code null} if there is none. */
  RoomEvent takeBatch() {
    batchDue = false;
    if (changed.isEmpty()) {
      return null;
    }
    List<String> joined = new ArrayList<>();
    List<String> left = new ArrayList<>();
    for (String name : changed) {
      (isOnline(name) ? joined : left).add(name);
    }
    changed.clear();
    return new RoomEvent.PresenceChanges(joined, left);
  }

  /**
   * Another node took a name ({@code joined}) or let it go; returns whether that changed whether
   * the name is online.
   */
  boolean remote(boolean joined, String name, String node) {
    boolean wasOnline = isOnline(name);
    if (joined) {
      remote.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(node);
    } else {
      Set<String> nodes = remote.get(name);
      if (nodes == null || !nodes.remove(node)) {
        return false;
      }
      if (nodes.isEmpty()) {
        remote.remove(name);
      }
    }
    return wasOnline != isOnline(name);
  }

  /**
   * Replaces what other nodes hold with a fresh reading; returns the names whose being online
   * changed, each with whether it is online now, in a stable order.
   */
  Map<String, Boolean> replaceRemote(Map<String, Set<String>> others) {
    Set<String> touched = new LinkedHashSet<>(remote.keySet());
    touched.addAll(others.keySet());
    Set<String> wereOnline = new LinkedHashSet<>();
    for (String name : touched) {
      if (isOnline(name)) {
        wereOnline.add(name);
      }
    }
    seedRemote(others);
    Map<String, Boolean> changes = new LinkedHashMap<>();
    for (String name : touched) {
      boolean online = isOnline(name);
      if (online != wereOnline.contains(name)) {
        changes.put(name, online);
      }
    }
    return changes;
  }

  /** Replaces what other nodes hold, telling no one: before the room's first member joins. */
  void seedRemote(Map<String, Set<String>> others) {
    remote.clear();
    others.forEach((name, nodes) -> remote.put(name, new LinkedHashSet<>(nodes)));
  }
}
