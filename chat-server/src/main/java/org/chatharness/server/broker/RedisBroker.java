package org.chatharness.server.broker;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.chatharness.server.codec.ChatMessage;
import org.chatharness.server.metrics.ChatMetrics;
import org.chatharness.server.room.JoinResult;
import org.chatharness.server.room.RoomFeed;
import org.chatharness.server.timer.Timer;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared broker: several nodes serve the same rooms through one Redis. See docs/SCALING.md.
 *
 * <ul>
 *   <li>Each room is a stream; a Lua script adds a message and its client id in one step, so ids
 *       increase across all nodes and a re-sent client id gets its first id back.
 *   <li>One {@link StreamReader} per node reads the rooms with local members and delivers their
 *       messages through the {@link RoomFeed}, as the in-memory broker delivers its own.
 *   <li>A room's first local member waits until its history is seeded from the stream.
 *   <li>{@link ClusterPresence} keeps who is online across nodes.
 * </ul>
 *
 * <p>Redis failures never close connections: a send that cannot be published fails its stage (the
 * sender is told), Lettuce reconnects by itself and the reader resumes where it stopped.
 *
 * <p>Its start connects (and fails the server's start when Redis cannot be reached); its beans, the
 * presence and the reader, start and stop with it.
 */
public final class RedisBroker extends ContainerLifeCycle implements Broker {
  private static final Logger LOG = LoggerFactory.getLogger(RedisBroker.class);

  private static final Duration COMMAND_TIMEOUT = StreamReader.BLOCK.multipliedBy(3);

  /** A room with members on this node: how many, and whether its history is ready. */
  private static final class Subscription {
    int members;
    CompletableFuture<Void> ready;
    StreamReader.Cursor cursor;
  }

  private final RedisURI uri;
  private final RoomFeed rooms;
  private final ChatMetrics metrics;
  private final int historySize;
  private final Duration presenceTimeout;
  private final StreamLimits limits;
  private final Timer timer;
  private final String node = UUID.randomUUID().toString();
  private final Map<String, Subscription> subscriptions = new HashMap<>();
  private ClientResources resources;
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private StatefulRedisConnection<String, String> readerConnection;
  private StatefulRedisPubSubConnection<String, String> pubSub;
  private RedisAsyncCommands<String, String> commands;
  private RedisScript publishScript;
  private StreamReader reader;
  private ClusterPresence presence;

  /**
   * A broker for {@code redis://host:port}; {@link #start} connects.
   *
   * @param presenceTimeout how long a node's names outlive its last heartbeat
   * @param limits what Redis keeps of the rooms
   */
  public RedisBroker(
      String uri,
      RoomFeed rooms,
      ChatMetrics metrics,
      int historySize,
      Duration presenceTimeout,
      StreamLimits limits,
      Timer timer) {
    this.uri = RedisURI.create(uri);
    this.timer = timer;
    this.rooms = rooms;
    this.metrics = metrics;
    this.historySize = historySize;
    this.presenceTimeout = presenceTimeout;
    this.limits = limits.forHistory(historySize);
  }

  @Override
  protected void doStart() throws Exception {
    resources =
        ClientResources.builder()
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
            .build();
    client = RedisClient.create(resources, uri);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            // Fail at once while disconnected instead of queueing: the sender must hear now.
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
            .build());
    try {
      connect();
    } catch (RuntimeException unreachable) {
      shutdown();
      throw new BrokerUnavailableException(unreachable);
    }
    LOG.info("broker: redis at {}:{}, node {}", uri.getHost(), uri.getPort(), node);
    try {
      super.doStart();
    } catch (RuntimeException unreachable) {
      shutdown();
      throw new BrokerUnavailableException(unreachable);
    }
  }

  private void connect() {
    connection = client.connect();
    commands = connection.async();
    readerConnection = client.connect();
    pubSub = client.connectPubSub();
    publishScript = new RedisScript("/redis/publish.lua", commands);
    reader = new StreamReader(readerConnection, commands, node, rooms, metrics);
    presence =
        new ClusterPresence(
            node,
            connection,
            pubSub,
            rooms,
            metrics,
            presenceTimeout,
            this::subscribedRooms,
            timer);
    addBean(presence);
    addBean(reader);
  }

  @Override
  public CompletionStage<Published> publish(String room, String from, String text, ClientId cid) {
    String[] keys = {
      RedisKeys.stream(room),
      RedisKeys.clientIds(room),
      RedisKeys.clientIdOrder(room),
      RedisKeys.ROOMS
    };
    CompletableFuture<List<Object>> result =
        publishScript.run(
            commands,
            ScriptOutputType.MULTI,
            keys,
            Integer.toString(limits.length()),
            from == null ? "" : from,
            text,
            cid == null ? "" : cid.value(),
            cid == null ? "" : cid.sender(),
            Integer.toString(StreamLimits.CLIENT_IDS_PER_ROOM),
            Long.toString(limits.idleTtl().toMillis()),
            Integer.toString(limits.maxRooms()),
            room);
    return result.handle(
        (reply, failure) -> {
          if (failure != null) {
            metrics.brokerError();
            throw unavailable(failure);
          }
          return new Published(StreamIds.toId((String) reply.get(0)), (Long) reply.get(1) == 1L);
        });
  }

  private static CompletionException unavailable(Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    return new CompletionException(new BrokerUnavailableException(cause));
  }

  @Override
  public CompletionStage<Void> enter(String room) {
    synchronized (subscriptions) {
      Subscription subscription = subscriptions.computeIfAbsent(room, r -> new Subscription());
      subscription.members++;
      if (subscription.ready == null || subscription.ready.isCompletedExceptionally()) {
        subscription.ready = seed(room, subscription);
      }
      return subscription.ready.copy();
    }
  }

  @Override
  public boolean isCurrent(String room) {
    synchronized (subscriptions) {
      Subscription subscription = subscriptions.get(room);
      return subscription != null
          && subscription.ready != null
          && subscription.ready.isDone()
          && !subscription.ready.isCompletedExceptionally();
    }
  }

  /**
   * Fills the local room from the stream (its newest messages, the id before them, and who is
   * online elsewhere), then starts reading the stream after its newest entry.
   */
  private CompletableFuture<Void> seed(String room, Subscription subscription) {
    String stream = RedisKeys.stream(room);
    // TIME first: a message added after it gets a later id than the "last id" derived from it.
    CompletableFuture<List<String>> time = commands.time().toCompletableFuture();
    CompletableFuture<List<StreamMessage<String, String>>> recent =
        commands
            .xrevrange(stream, Range.create("-", "+"), Limit.from(historySize + 1L))
            .toCompletableFuture();
    CompletableFuture<String> maxDeleted =
        commands
            .xinfoStream(stream)
            .toCompletableFuture()
            .handle(
                (info, noStream) -> noStream == null ? field(info, "max-deleted-entry-id") : null);
    CompletableFuture<Map<String, String>> names =
        commands.hgetall(RedisKeys.names(room)).toCompletableFuture();
    return CompletableFuture.allOf(recent, maxDeleted, names, time)
        .handle(
            (done, failure) -> {
              if (failure != null) {
                metrics.brokerError();
                throw unavailable(failure);
              }
              install(
                  room, subscription, recent.join(), maxDeleted.join(), names.join(), time.join());
              return null;
            });
  }

  private void install(
      String room,
      Subscription subscription,
      List<StreamMessage<String, String>> newestFirst,
      String maxDeleted,
      Map<String, String> names,
      List<String> time) {
    List<ChatMessage> recent = new ArrayList<>(newestFirst.size());
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      recent.add(StreamIds.message(newestFirst.get(i)));
    }
    long floor = maxDeleted == null ? 0 : StreamIds.toId(maxDeleted);
    long last;
    String lastStreamId;
    if (recent.isEmpty()) {
      // No message yet: the next one gets an id after Redis's clock now, as in a local room.
      long nowMillis = Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
      last = Math.max(nowMillis * 1000 - 1, floor);
      floor = last;
      lastStreamId = maxDeleted == null ? "0-0" : maxDeleted;
    } else {
      last = recent.get(recent.size() - 1).id();
      lastStreamId = newestFirst.get(0).getId();
      if (recent.size() > historySize) {
        floor = Math.max(floor, recent.remove(0).id());
      }
    }
    Map<String, Set<String>> elsewhere = NameHolds.elsewhere(names, node);
    synchronized (subscriptions) {
      if (subscriptions.get(room) != subscription || subscription.members == 0) {
        return;
      }
      LOG.info(
          "room {}: history from the stream, {} messages, last id {}, reading after {}",
          room,
          recent.size(),
          last,
          lastStreamId);
      rooms.seed(room, recent, floor, last, elsewhere);
      subscription.cursor = new StreamReader.Cursor(room, lastStreamId);
      reader.add(subscription.cursor);
    }
  }

  private static String field(List<Object> info, String name) {
    for (int i = 0; i + 1 < info.size(); i += 2) {
      if (name.equals(String.valueOf(info.get(i)))) {
        return String.valueOf(info.get(i + 1));
      }
    }
    return null;
  }

  @Override
  public void exit(String room) {
    synchronized (subscriptions) {
      Subscription subscription = subscriptions.get(room);
      if (subscription == null || --subscription.members > 0) {
        return;
      }
      subscriptions.remove(room);
      if (subscription.cursor != null) {
        reader.remove(subscription.cursor);
      }
      presence.holds().exited(room);
    }
  }

  private Collection<String> subscribedRooms() {
    synchronized (subscriptions) {
      return List.copyOf(subscriptions.keySet());
    }
  }

  @Override
  public CompletionStage<JoinResult> claim(
      String room, String name, String owner, String connection) {
    return presence.holds().claim(room, name, owner, connection);
  }

  @Override
  public void release(String room, String name, String connection) {
    presence.holds().release(room, name, connection);
  }

  @Override
  public BrokerStatus status() {
    boolean available =
        connection != null && connection.isOpen() && reader != null && reader.healthy();
    return new BrokerStatus(available, available ? "redis: ok" : "redis: unavailable");
  }

  /** Stops the reader and the presence (which removes this node's names), then disconnects. */
  @Override
  protected void doStop() throws Exception {
    if (client == null) {
      return;
    }
    super.doStop();
    removeBean(reader);
    removeBean(presence);
    try {
      connection.sync().del(RedisKeys.wake(node));
    } catch (RuntimeException unavailable) {
      LOG.debug("could not delete the wake stream", unavailable);
    }
    shutdown();
  }

  private void shutdown() {
    RedisClient started = client;
    if (started == null) {
      return;
    }
    client = null;
    // The reader closes its own connection when it stops; a failed start closes what it opened.
    if (readerConnection != null) {
      readerConnection.close();
    }
    if (pubSub != null) {
      pubSub.close();
    }
    if (connection != null) {
      connection.close();
    }
    started.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
