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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.chatharness.server.metrics.ChatMetrics;
import org.chatharness.server.room.RoomFeed;
import org.chatharness.server.timer.Ticker;
import org.chatharness.server.timer.Timer;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is online across the cluster. A room's names hash maps each name to its owner (the digest of
 * a key) and the connections holding it, {@code node/connection} ({@link NameHolds}); each node
 * publishes when it starts or stops holding a name, and relays the other nodes' changes to its
 * local chat.v1 members.
 *
 * <p>Every node refreshes its heartbeat at a third of the timeout and sweeps (one atomic script)
 * the holds of nodes whose heartbeat has expired, announcing their names as left by them: a crashed
 * node's names are free within the timeout plus one refresh interval. A node that finds its own
 * heartbeat had expired (Redis was unreachable, or restarted empty) restores its holds, and after
 * its subscription to the changes was broken it reads the names again, as it may have missed some.
 *
 * <p>A lifecycle bean of the {@link RedisBroker}: it registers the node when it starts, and when it
 * stops it removes the node's holds, announcing its names as left.
 */
final class ClusterPresence extends ContainerLifeCycle {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterPresence.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String node;
  private final StatefulRedisConnection<String, String> connection;
  private final StatefulRedisPubSubConnection<String, String> pubSub;
  private final RoomFeed rooms;
  private final ChatMetrics metrics;
  private final Duration timeout;
  private final Supplier<Collection<String>> localRooms;
  private final NameHolds holds;
  private final RedisScript sweepScript;
  private final Timer timer;
  private final AtomicBoolean subscribedBefore = new AtomicBoolean();

  ClusterPresence(
      String node,
      StatefulRedisConnection<String, String> connection,
      StatefulRedisPubSubConnection<String, String> pubSub,
      RoomFeed rooms,
      ChatMetrics metrics,
      Duration timeout,
      Supplier<Collection<String>> localRooms,
      Timer timer) {
    this.node = node;
    this.connection = connection;
    this.pubSub = pubSub;
    this.rooms = rooms;
    this.metrics = metrics;
    this.timeout = timeout;
    this.localRooms = localRooms;
    this.holds = new NameHolds(node, connection, metrics, timeout, this::revived);
    this.sweepScript = new RedisScript("/redis/sweep.lua", connection.async());
    this.timer = timer;
    // The heartbeat and the sweep, at a third of the timeout.
    addBean(
        new Ticker(
            "presence", Duration.ofMillis(Math.max(1, timeout.toMillis() / 3)), this::tick, timer));
  }

  /** Registers the node, listens to the other nodes and starts the heartbeat and the sweeper. */
  @Override
  protected void doStart() throws Exception {
    pubSub.addListener(
        new RedisPubSubAdapter<>() {
          @Override
          public void message(String channel, String message) {
            onEvent(message);
          }

          @Override
          public void subscribed(String channel, long count) {
            // Again after a reconnect: changes published meanwhile were missed. Wait a timeout,
            // so that after a restart of Redis every live node has restored its holds.
            if (subscribedBefore.getAndSet(true)) {
              schedule(ClusterPresence.this::rereadNames, timeout);
            }
          }
        });
    pubSub.sync().subscribe(RedisKeys.PRESENCE_CHANNEL);
    connection.sync().sadd(RedisKeys.NODES, node);
    beat();
    super.doStart();
  }

  private void tick() {
    try {
      if (!beat()) {
        LOG.info("this node's presence had expired in Redis; restoring its names");
        restore();
      }
      sweepScript
          .run(
              connection.async(),
              ScriptOutputType.INTEGER,
              new String[0],
              RedisKeys.PRESENCE_CHANNEL)
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      holds.retryReleases();
      holds.forgetExitedRooms();
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

  /** This node's holds on names. */
  NameHolds holds() {
    return holds;
  }

  /** A claim found this node's heartbeat expired: other nodes may have swept its holds. */
  private void revived() {
    LOG.info("this node's presence had expired in Redis; restoring its names");
    schedule(this::restore, Duration.ZERO);
  }

  private void restore() {
    connection.sync().sadd(RedisKeys.NODES, node);
    holds.restoreAll();
  }

  /** Reads who holds which name in every room of this node, replacing what events told it. */
  private void rereadNames() {
    for (String room : localRooms.get()) {
      connection
          .async()
          .hgetall(RedisKeys.names(room))
          .thenAccept(names -> rooms.remoteHolders(room, NameHolds.elsewhere(names, node)));
    }
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
      rooms.remotePresence(event.path("room").asText(), joined, name, from);
    } catch (Exception malformed) {
      LOG.warn("ignoring a malformed presence event", malformed);
    }
  }

  private void schedule(Runnable task, Duration delay) {
    timer.schedule(
        () -> {
          if (!isRunning()) {
            return; // stopping: nothing to restore or read for
          }
          try {
            task.run();
          } catch (RuntimeException failure) {
            metrics.brokerError();
            LOG.debug("presence task failed", failure);
          }
        },
        delay);
  }

  /** Stops the heartbeat and removes this node's holds, announcing its names as left. */
  @Override
  protected void doStop() throws Exception {
    holds.stop();
    super.doStop();
    try {
      connection.sync().del(RedisKeys.heartbeat(node));
      sweepScript
          .run(
              connection.async(),
              ScriptOutputType.INTEGER,
              new String[0],
              RedisKeys.PRESENCE_CHANNEL)
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RedisException | ExecutionException | TimeoutException e) {
      LOG.warn("could not remove this node's presence from Redis: {}", e.toString());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
