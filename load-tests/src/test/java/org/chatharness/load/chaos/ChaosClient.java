package org.chatharness.load.chaos;

import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.chatharness.load.protocol.V1Protocol;
import org.chatharness.load.protocol.V1Protocol.Frame;

/**
 * One chat.v1 user of a chaos run, as the page behaves: it joins; when its connection closes or
 * fails it reconnects to the next node after a jittered back-off, joins with {@code since} = the
 * last id it saw, and re-sends every message not yet acknowledged with the same cid (and its last
 * {@code resendAcked} acknowledged ones, as a client that lost its acks would). Every frame goes
 * into the {@link ChaosLedger}.
 *
 * <p>It is a plain WebSocket client ({@code java.net.http}), not Gatling's: Gatling's DSL tells a
 * scenario nothing when an idle socket closes (only the next send on it fails), and it empties its
 * buffer of unread frames whenever the user sends, while this user must notice a kill at once and
 * keep every frame. The simulation injects and paces these users; the ledger judges them.
 */
final class ChaosClient implements WebSocket.Listener {
  private final long userId;
  private final ChaosUsers pool;
  private final StringBuilder partial = new StringBuilder();
  private int node;
  private int attempt;
  private int toSend;
  private long lastSendNanos;
  private boolean everJoined;
  private boolean finished;
  private boolean closing;
  private WebSocket socket;
  private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
  private ScheduledFuture<?> joinTimeout;
  private ScheduledFuture<?> sender;

  ChaosClient(long userId, int node, int messages, ChaosUsers pool) {
    this.userId = userId;
    this.node = node;
    this.toSend = messages;
    this.finished = messages == 0;
    this.pool = pool;
  }

  /** Connects to the user's own node; a sender also starts its clock. */
  synchronized void start(Duration interval) {
    connect();
    if (!finished) {
      long offset = ThreadLocalRandom.current().nextLong(Math.max(1, interval.toNanos()));
      sender =
          pool.timer.scheduleAtFixedRate(
              this::tick, offset, interval.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private synchronized void connect() {
    pool.ledger.connecting(userId, node);
    URI uri = pool.webSocketUri(node);
    pool.http
        .newWebSocketBuilder()
        .subprotocols(V1Protocol.SUBPROTOCOL)
        .connectTimeout(pool.joinTimeout)
        .buildAsync(uri, this)
        .whenComplete(
            (ws, failure) -> {
              if (failure != null) {
                lost(null, "connection to node " + node + " failed: " + failure);
              }
            });
  }

  @Override
  public synchronized void onOpen(WebSocket ws) {
    socket = ws;
    sending = CompletableFuture.completedFuture(null);
    long since = everJoined ? pool.ledger.since(userId) : -1;
    send(pool.protocol.joinText(userId, since));
    joinTimeout =
        pool.timer.schedule(
            () -> {
              if (!pool.ledger.isJoined(userId)) {
                ws.abort();
                lost(ws, "no history within " + pool.joinTimeout);
              }
            },
            pool.joinTimeout.toMillis(),
            TimeUnit.MILLISECONDS);
    ws.request(1);
  }

  @Override
  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
    String frame = null;
    synchronized (this) {
      partial.append(data);
      if (last) {
        frame = partial.toString();
        partial.setLength(0);
      }
    }
    if (frame != null) {
      received(frame);
    }
    ws.request(1);
    return null;
  }

  private synchronized void received(String frame) {
    Frame kind = pool.ledger.receive(userId, frame);
    if (kind == Frame.HISTORY) {
      joinTimeout.cancel(false);
      attempt = 0;
      List<Long> again = new ArrayList<>();
      if (everJoined) {
        again.addAll(pool.ledger.lastAcked(userId, pool.resendAcked));
        again.addAll(pool.ledger.unacked(userId));
      } else {
        pool.ledger.arrived(userId);
      }
      everJoined = true;
      resend(again);
    } else if (kind == Frame.ERROR) {
      resend(pool.ledger.refused(userId));
    }
  }

  @Override
  public void onError(WebSocket ws, Throwable error) {
    lost(ws, "error: " + error);
  }

  @Override
  public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
    lost(ws, "closed " + code + " " + reason);
    return null;
  }

  /** The connection {@code ws} is gone (null: it never opened): reconnect, unless it was old. */
  private synchronized void lost(WebSocket ws, String why) {
    if (closing || (ws != null && ws != socket)) {
      return;
    }
    socket = null;
    if (!everJoined && attempt == 0) {
      pool.firstJoinFailed(userId, why);
    }
    pool.ledger.lost(userId);
    if (attempt >= pool.maxAttempts) {
      // It gives up, as the page would: it arrives if it never had, and sends no more.
      if (!everJoined) {
        pool.ledger.arrived(userId);
      }
      if (!finished) {
        finished = true;
        sender.cancel(false);
        pool.ledger.senderFinished();
      }
      return;
    }
    node = (node + 1) % pool.nodes();
    long delay = pool.backoff.delay(attempt++).toMillis();
    pool.timer.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
  }

  /** A sender's clock: sends its next message when joined; finishes when all are acknowledged. */
  private synchronized void tick() {
    if (finished || !pool.ledger.everyoneArrived() || !pool.ledger.isJoined(userId)) {
      return;
    }
    if (toSend > 0) {
      toSend--;
      lastSendNanos = System.nanoTime();
      send(pool.protocol.encode(pool.ledger.newMessage(userId), pool.messageSize));
    } else if (pool.ledger.unacked(userId).isEmpty()
        || System.nanoTime() - lastSendNanos > pool.ackWait.toNanos()) {
      finished = true;
      sender.cancel(false);
      pool.ledger.senderFinished();
    }
  }

  private void resend(List<Long> seqs) {
    if (!seqs.isEmpty()) {
      pool.ledger.resending(userId, seqs);
      seqs.forEach(seq -> send(pool.protocol.encode(seq, pool.messageSize)));
    }
  }

  /** Sends after the sends before it: a WebSocket takes one send at a time. */
  private void send(String text) {
    WebSocket ws = socket;
    if (ws != null) {
      sending = sending.handle((done, failed) -> null).thenCompose(x -> ws.sendText(text, true));
    }
  }

  /** Closes the connection at the end of the run. */
  synchronized void close() {
    closing = true;
    if (sender != null) {
      sender.cancel(false);
    }
    WebSocket ws = socket;
    if (ws != null) {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").whenComplete((closed, e) -> ws.abort());
    }
  }
}
