package org.chatharness.server.broker;

import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XReadArgs.StreamOffset;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.chatharness.server.metrics.ChatMetrics;
import org.chatharness.server.room.RoomFeed;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one reader: a thread that reads the streams of every room with local members in one
 * blocking {@code XREAD} on its own connection, and delivers each entry through the {@link
 * RoomFeed}, as the in-memory broker delivers the messages it numbers.
 *
 * <p>Each room is read from the last id delivered, so after a failure the reader retries (backing
 * off) and carries on from there. A room added while the reader blocks is read at once: adding it
 * writes to the node's wake stream, which the reader always reads too.
 *
 * <p>A node that falls further behind than the stream's length (stalled, or its link to Redis was)
 * would find that what it had not read yet was trimmed: each entry names the one before it, so the
 * reader sees the hole, and the room closes its members to resume with a gap rather than skipping
 * messages in silence.
 *
 * <p>A lifecycle bean of the {@link RedisBroker}. It is the one part of the server with a thread of
 * its own, and needs it: {@code XREAD BLOCK} holds its caller for up to {@link #BLOCK} at a time,
 * which on the server's pool would keep a thread from the clients for as long, and a single reading
 * thread delivers every room's entries in the stream's order without further locking.
 */
final class StreamReader extends AbstractLifeCycle implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamReader.class);
  static final Duration BLOCK = Duration.ofMillis(1000);
  private static final int COUNT = 256;
  private static final long FIRST_BACKOFF_MILLIS = 100;
  private static final long MAX_BACKOFF_MILLIS = 2000;

  /** A room being read: where its stream is up to. */
  static final class Cursor {
    final String room;
    final String stream;
    volatile String lastStreamId;

    Cursor(String room, String lastStreamId) {
      this.room = room;
      this.stream = RedisKeys.stream(room);
      this.lastStreamId = lastStreamId;
    }
  }

  private final StatefulRedisConnection<String, String> connection;
  private final RedisAsyncCommands<String, String> wakeCommands;
  private final String wakeKey;
  private final RoomFeed rooms;
  private final ChatMetrics metrics;
  private final Map<String, Cursor> cursors = new ConcurrentHashMap<>();
  private final Object backoffLock = new Object();
  private final String threadName;
  private Thread thread;
  private String wakeId = "0-0";
  private volatile boolean running;
  private volatile boolean healthy = true;

  StreamReader(
      StatefulRedisConnection<String, String> connection,
      RedisAsyncCommands<String, String> wakeCommands,
      String node,
      RoomFeed rooms,
      ChatMetrics metrics) {
    this.connection = connection;
    this.wakeCommands = wakeCommands;
    this.wakeKey = RedisKeys.wake(node);
    this.rooms = rooms;
    this.metrics = metrics;
    this.threadName = "chat-redis-reader-" + node;
  }

  @Override
  protected void doStart() {
    running = true;
    thread = new Thread(this, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /** Starts reading a room after {@code cursor.lastStreamId}. */
  void add(Cursor cursor) {
    cursors.put(cursor.room, cursor);
    // Asynchronous: this may run on a Redis I/O thread. If it fails, the reader picks the room up
    // when its current block ends.
    wakeCommands.xadd(wakeKey, XAddArgs.Builder.maxlen(1), "room", cursor.room);
  }

  /** Stops reading a room (its cursor, if another replaced it, stays). */
  void remove(Cursor cursor) {
    cursors.remove(cursor.room, cursor);
  }

  /** Whether the last read succeeded. */
  boolean healthy() {
    return healthy;
  }

  @Override
  public void run() {
    long backoff = FIRST_BACKOFF_MILLIS;
    while (running) {
      try {
        readOnce();
        healthy = true;
        backoff = FIRST_BACKOFF_MILLIS;
      } catch (RuntimeException failure) {
        if (!running) {
          return;
        }
        if (healthy) {
          LOG.warn("reading from Redis failed, retrying: {}", failure.toString());
        }
        healthy = false;
        metrics.brokerError();
        pause(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void readOnce() {
    Map<String, Cursor> reading = new HashMap<>();
    List<StreamOffset<String>> offsets = new ArrayList<>(cursors.size() + 1);
    offsets.add(StreamOffset.from(wakeKey, wakeId));
    for (Cursor cursor : cursors.values()) {
      reading.put(cursor.stream, cursor);
      offsets.add(StreamOffset.from(cursor.stream, cursor.lastStreamId));
    }
    List<StreamMessage<String, String>> entries =
        connection
            .sync()
            .xread(
                XReadArgs.Builder.block(BLOCK).count(COUNT), offsets.toArray(new StreamOffset[0]));
    for (StreamMessage<String, String> entry : entries) {
      if (wakeKey.equals(entry.getStream())) {
        wakeId = entry.getId();
        continue;
      }
      Cursor cursor = reading.get(entry.getStream());
      if (cursor != null) {
        checkContinuity(cursor, entry.getBody().get(StreamIds.PREVIOUS));
        cursor.lastStreamId = entry.getId();
        rooms.deliver(cursor.room, StreamIds.message(entry)).flush();
      }
    }
  }

  /** Whether entries between the cursor and the entry before this one were trimmed unread. */
  private void checkContinuity(Cursor cursor, String previous) {
    if (previous == null || previous.equals(cursor.lastStreamId)) {
      return;
    }
    long newestMissing = StreamIds.toId(previous);
    if (newestMissing > StreamIds.toId(cursor.lastStreamId)) {
      LOG.warn(
          "room {}: fell behind the stream, entries after {} up to {} were trimmed unread;"
              + " closing the room's members so that they resume",
          cursor.room,
          cursor.lastStreamId,
          previous);
      rooms.missed(cursor.room, newestMissing);
    }
  }

  private void pause(long millis) {
    synchronized (backoffLock) {
      try {
        backoffLock.wait(millis);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        running = false;
      }
    }
  }

  /** Stops the thread and waits (bounded) for it to end. */
  @Override
  protected void doStop() {
    running = false;
    synchronized (backoffLock) {
      backoffLock.notifyAll();
    }
    // Ends a blocked XREAD now rather than when its block times out.
    connection.closeAsync();
    try {
      thread.join(BLOCK.toMillis() * 3);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
