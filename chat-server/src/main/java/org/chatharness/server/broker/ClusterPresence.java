package org.chatharness.server.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.chatharness.server.metrics.ChatMetrics;
import org.chatharness.server.room.Room;
import org.chatharness.server.room.RoomRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is online across the cluster: a hash per room (name -> node), a heartbeat key per node that
 * expires after the presence timeout, and changes published on a channel that every node relays to
 * its local chat.v1 members.
 *
 * <p>Every node refreshes its heartbeat at a third of the timeout and sweeps (one atomic script)
 * the names of nodes whose heartbeat has expired, announcing their leave: a crashed node's names
 * are gone within the timeout plus one refresh interval. A node that finds its own heartbeat had
 * expired (Redis was unreachable, or restarted empty) announces its names again.
 */
final class ClusterPresence {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterPresence.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String node;
  private final StatefulRedisConnection<String, String> connection;
  private final StatefulRedisPubSubConnection<String, String> pubSub;
  private final RoomRegistry rooms;
  private final ChatMetrics metrics;
  private final Duration timeout;
  private final Supplier<Collection<String>> localRooms;
  private final RedisScript presenceScript;
  private final RedisScript sweepScript;
  private final ScheduledExecutorService timer;
  private volatile boolean halted;

  ClusterPresence(
      String node,
      StatefulRedisConnection<String, String> connection,
      StatefulRedisPubSubConnection<String, String> pubSub,
      RoomRegistry rooms,
      ChatMetrics metrics,
      Duration timeout,
      Supplier<Collection<String>> localRooms) {
    this.node = node;
    this.connection = connection;
    this.pubSub = pubSub;
    this.rooms = rooms;
    this.metrics = metrics;
    this.timeout = timeout;
    this.localRooms = localRooms;
    this.presenceScript = new RedisScript("/redis/presence.lua", connection.async());
    this.sweepScript = new RedisScript("/redis/sweep.lua", connection.async());
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "chat-redis-presence-" + node);
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Registers the node, listens to the other nodes and starts the heartbeat and the sweeper. */
  void start() {
    pubSub.addListener(
        new RedisPubSubAdapter<>() {
          @Override
          public void message(String channel, String message) {
            onEvent(message);
          }
        });
    pubSub.sync().subscribe(RedisKeys.PRESENCE_CHANNEL);
    connection.sync().sadd(RedisKeys.NODES, node);
    beat();
    long every = Math.max(1, timeout.toMillis() / 3);
    timer.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    try {
      if (!beat()) {
        LOG.info("this node's presence had expired in Redis; announcing its names again");
        announceAll();
      }
      sweepScript
          .run(
              connection.async(),
              ScriptOutputType.INTEGER,
              new String[0],
              RedisKeys.PRESENCE_CHANNEL)
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception failure) {
      metrics.brokerError();
      LOG.debug("presence heartbeat or sweep failed", failure);
    }
  }

  /** Refreshes the heartbeat; returns whether it was still alive. */
  private boolean beat() {
    String previous =
        connection
            .sync()
            .setGet(RedisKeys.heartbeat(node), "1", SetArgs.Builder.px(timeout.toMillis()));
    return previous != null;
  }

  private void announceAll() {
    connection.sync().sadd(RedisKeys.NODES, node);
    for (String roomName : localRooms.get()) {
      rooms.find(roomName).ifPresent(room -> room.localNames().forEach(n -> joined(roomName, n)));
    }
  }

  /** A name joined a room on this node. */
  CompletableFuture<Object> joined(String room, String name) {
    return change("join", room, name);
  }

  /** A name left a room on this node. */
  CompletableFuture<Object> left(String room, String name) {
    return change("leave", room, name);
  }

  private CompletableFuture<Object> change(String event, String room, String name) {
    if (halted) {
      return CompletableFuture.completedFuture(null);
    }
    return presenceScript
        .run(
            connection.async(),
            ScriptOutputType.INTEGER,
            new String[] {RedisKeys.online(room), RedisKeys.nodeRooms(node)},
            event,
            room,
            name,
            node,
            RedisKeys.PRESENCE_CHANNEL)
        .whenComplete(
            (result, failure) -> {
              if (failure != null) {
                metrics.brokerError();
                LOG.debug("presence {} of {} in {} not recorded", event, name, room, failure);
              }
            });
  }

  private void onEvent(String message) {
    try {
      JsonNode event = JSON.readTree(message);
      String from = event.path("node").asText();
      if (node.equals(from)) {
        return;
      }
      boolean joined = "join".equals(event.path("event").asText());
      String name = event.path("name").asText();
      rooms
          .find(event.path("room").asText())
          .ifPresent((Room room) -> room.remotePresence(joined, name, from));
    } catch (Exception malformed) {
      LOG.warn("ignoring a malformed presence event", malformed);
    }
  }

  /** Stops the heartbeat without removing anything: what a crash leaves behind. For tests. */
  void halt() {
    halted = true;
    timer.shutdownNow();
  }

  /** Stops the heartbeat and removes this node's names, announcing their leave. */
  void stop() {
    halt();
    try {
      connection.sync().del(RedisKeys.heartbeat(node));
      sweepScript
          .run(
              connection.async(),
              ScriptOutputType.INTEGER,
              new String[0],
              RedisKeys.PRESENCE_CHANNEL)
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RedisException
        | java.util.concurrent.ExecutionException
        | java.util.concurrent.TimeoutException e) {
      LOG.warn("could not remove this node's presence from Redis: {}", e.toString());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
