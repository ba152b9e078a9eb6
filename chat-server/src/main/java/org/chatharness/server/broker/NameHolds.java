package org.chatharness.server.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.chatharness.server.metrics.ChatMetrics;
import org.chatharness.server.room.JoinResult;
import org.chatharness.server.room.Room;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's holds on names in Redis: one per chat.v1 connection joined under a name, claimed
 * before it joins and released when it leaves (claim.lua, release.lua). A name belongs to one owner
 * in the whole cluster, so a claim from another key, or without one, is refused wherever the name
 * is in use, and two nodes racing for a name get one answer.
 *
 * <p>The holds are also kept here, to be {@link #restoreAll restored} when Redis lost them (it
 * restarted empty, or was unreachable so long that other nodes swept this one). A claim adds the
 * room to the node's set of rooms, which the sweeper looks through when the node dies; rooms the
 * node has left are taken out again, so that the set stays as small as the node's rooms.
 */
final class NameHolds {
  private static final Logger LOG = LoggerFactory.getLogger(NameHolds.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Hold(String room, String name, String owner) {}

  private record Release(String room, String name, String holder) {}

  private final String node;
  private final StatefulRedisConnection<String, String> connection;
  private final ChatMetrics metrics;
  private final Duration heartbeat;
  private final Runnable revived;
  private final RedisScript claimScript;
  private final RedisScript releaseScript;
  private final RedisScript forgetScript;
  // Releases Redis did not take (unreachable): a live node's hold would otherwise never go.
  private final Set<Release> unreleased = ConcurrentHashMap.newKeySet();
  // Rooms the node has had no member in since it last looked: they may leave its set of rooms.
  private final Set<String> exitedRooms = ConcurrentHashMap.newKeySet();
  // Also the lock under which claims and releases are sent, so that Redis runs them in that order.
  private final Map<String, Hold> holds = new LinkedHashMap<>();
  // Once the node stops, its holds are swept: a late claim or release must not bring one back.
  private volatile boolean stopped;

  /**
   * @param heartbeat how long the node's heartbeat lives (a claim refreshes an expired one)
   * @param revived run when a claim found the node's heartbeat expired: its holds need restoring
   */
  NameHolds(
      String node,
      StatefulRedisConnection<String, String> connection,
      ChatMetrics metrics,
      Duration heartbeat,
      Runnable revived) {
    this.node = node;
    this.connection = connection;
    this.metrics = metrics;
    this.heartbeat = heartbeat;
    this.revived = revived;
    this.claimScript = new RedisScript("/redis/claim.lua", connection.async());
    this.releaseScript = new RedisScript("/redis/release.lua", connection.async());
    this.forgetScript = new RedisScript("/redis/forget.lua", connection.async());
  }

  /** Claims {@code name} in {@code room} for {@code holder}, a connection of this node. */
  CompletableFuture<JoinResult> claim(String room, String name, String owner, String holder) {
    if (stopped) {
      return CompletableFuture.failedFuture(new IllegalStateException("this node has stopped"));
    }
    CompletableFuture<List<Object>> reply;
    synchronized (holds) {
      reply = send(room, name, owner, holder, false);
    }
    return reply
        .whenComplete(
            (answer, failure) -> {
              if (failure != null) {
                metrics.brokerError();
                // It may have run before its answer was lost: a release of nothing is harmless.
                release(room, name, holder);
              }
            })
        .thenApply(
            answer -> {
              if ((Long) answer.get(1) == 1L) {
                revived.run();
              }
              JoinResult result =
                  switch (((Long) answer.get(0)).intValue()) {
                    case 1 -> JoinResult.JOINED;
                    case 2 -> JoinResult.TOO_MANY_CONNECTIONS;
                    default -> JoinResult.NAME_TAKEN;
                  };
              if (result == JoinResult.JOINED) {
                synchronized (holds) {
                  holds.put(holder, new Hold(room, name, owner));
                }
              }
              return result;
            });
  }

  /** Ends the hold of {@code holder} on {@code name}. */
  void release(String room, String name, String holder) {
    if (stopped) {
      return;
    }
    synchronized (holds) {
      holds.remove(holder);
      send(new Release(room, name, holder));
    }
  }

  /** Sends again the releases Redis did not take. */
  void retryReleases() {
    for (Iterator<Release> it = unreleased.iterator(); it.hasNext(); ) {
      Release release = it.next();
      it.remove();
      synchronized (holds) {
        send(release);
      }
    }
  }

  private void send(Release release) {
    releaseScript
        .run(
            connection.async(),
            ScriptOutputType.INTEGER,
            new String[] {RedisKeys.names(release.room())},
            release.room(),
            release.name(),
            node,
            release.holder(),
            RedisKeys.PRESENCE_CHANNEL)
        .whenComplete(
            (result, failure) -> {
              if (failure != null) {
                failed(failure, "release", release.name(), release.room());
                unreleased.add(release);
              }
            });
  }

  /** Claims again, without checks, every hold of this node. */
  void restoreAll() {
    synchronized (holds) {
      holds.forEach(
          (holder, hold) ->
              send(hold.room(), hold.name(), hold.owner(), holder, true)
                  .whenComplete(
                      (result, failure) -> failed(failure, "restore", hold.name(), hold.room())));
    }
  }

  /** The node has no member in {@code room} any more: it may leave the node's set of rooms. */
  void exited(String room) {
    exitedRooms.add(room);
  }

  /**
   * Takes the rooms the node has left out of its set of rooms (what the sweeper looks through when
   * the node dies), unless it holds a name there again (forget.lua checks).
   */
  void forgetExitedRooms() throws Exception {
    List<String> rooms = new ArrayList<>();
    rooms.add(node);
    for (Iterator<String> it = exitedRooms.iterator(); it.hasNext(); ) {
      rooms.add(it.next());
      it.remove();
    }
    if (rooms.size() == 1) {
      return;
    }
    try {
      forgetScript
          .run(
              connection.async(),
              ScriptOutputType.INTEGER,
              new String[] {RedisKeys.nodeRooms(node)},
              rooms.toArray(new String[0]))
          .get(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception failure) {
      exitedRooms.addAll(rooms.subList(1, rooms.size()));
      throw failure;
    }
  }

  /** The names in a room's names hash that nodes but {@code self} hold, each with those nodes. */
  static Map<String, Set<String>> elsewhere(Map<String, String> names, String self) {
    Map<String, Set<String>> elsewhere = new LinkedHashMap<>();
    String prefix = self + "/";
    names.forEach(
        (name, raw) -> {
          try {
            for (JsonNode holder : JSON.readTree(raw).path("h")) {
              String text = holder.asText();
              int slash = text.indexOf('/');
              if (slash > 0 && !text.startsWith(prefix)) {
                elsewhere
                    .computeIfAbsent(name, n -> new LinkedHashSet<>())
                    .add(text.substring(0, slash));
              }
            }
          } catch (Exception malformed) {
            LOG.warn("ignoring a malformed names entry for {}", name);
          }
        });
    return elsewhere;
  }

  /** The node is stopping: its holds are about to be swept, and none is claimed or released. */
  void stop() {
    stopped = true;
  }

  private CompletableFuture<List<Object>> send(
      String room, String name, String owner, String holder, boolean restore) {
    return claimScript.run(
        connection.async(),
        ScriptOutputType.MULTI,
        new String[] {
          RedisKeys.names(room),
          RedisKeys.nodeRooms(node),
          RedisKeys.heartbeat(node),
          RedisKeys.NODES
        },
        room,
        name,
        owner == null ? "" : owner,
        node,
        holder,
        Integer.toString(Room.MAX_CONNECTIONS_PER_NAME),
        RedisKeys.PRESENCE_CHANNEL,
        Long.toString(heartbeat.toMillis()),
        restore ? "1" : "0");
  }

  private void failed(Throwable failure, String what, String name, String room) {
    if (failure != null) {
      metrics.brokerError();
      LOG.debug("{} of the name {} in {} failed: {}", what, name, room, failure.toString());
    }
  }
}
