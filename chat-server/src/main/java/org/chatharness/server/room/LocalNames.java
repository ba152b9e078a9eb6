package org.chatharness.server.room;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.chatharness.server.fanout.Member;

/**
 * The chat.v1 names of a room's members on this node. A name is held by the connections that joined
 * with it: one person's windows and devices, who share its owner (the digest of their key). A name
 * joined without a key is one connection's. Not thread-safe: the room's lock guards it.
 */
final class LocalNames {
  private final Map<String, Holders> byName = new LinkedHashMap<>();

  private record Holders(String owner, List<Member> members) {}

  /**
   * Adds {@code member} under {@code name}: a free name, or another connection of the name's owner
   * while it has fewer than {@link Room#MAX_CONNECTIONS_PER_NAME}.
   */
  JoinResult admit(String name, Member member) {
    Holders holders = byName.get(name);
    if (holders == null) {
      List<Member> members = new ArrayList<>(1);
      members.add(member);
      byName.put(name, new Holders(member.owner(), members));
      return JoinResult.JOINED;
    }
    if (member.owner() == null || !Objects.equals(member.owner(), holders.owner())) {
      return JoinResult.NAME_TAKEN;
    }
    if (holders.members().size() >= Room.MAX_CONNECTIONS_PER_NAME) {
      return JoinResult.TOO_MANY_CONNECTIONS;
    }
    holders.members().add(member);
    return JoinResult.JOINED;
  }

  /**
   * Removes {@code member} from its name.
   *
   * @return whether it held the name (so its hold must be released elsewhere too)
   */
  boolean release(Member member) {
    String name = member.name();
    Holders holders = name == null ? null : byName.get(name);
    if (holders == null || !holders.members().remove(member)) {
      return false;
    }
    if (holders.members().isEmpty()) {
      byName.remove(name);
    }
    return true;
  }

  /** Whether a member here holds {@code name}. */
  boolean holds(String name) {
    return byName.containsKey(name);
  }

  /** The names held here, in the order they were first taken. */
  Set<String> names() {
    return byName.keySet();
  }
}
