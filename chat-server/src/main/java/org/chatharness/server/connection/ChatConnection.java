package org.chatharness.server.connection;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;
import org.chatharness.server.codec.TextAssembler;
import org.chatharness.server.config.Limits;
import org.chatharness.server.fanout.Member;
import org.chatharness.server.fanout.Members;
import org.chatharness.server.logging.LogText;
import org.chatharness.server.metrics.ChatMetrics;
import org.chatharness.server.node.ChatNode;
import org.chatharness.server.node.RoomHold;
import org.chatharness.server.outbound.OutboundMessage;
import org.chatharness.server.outbound.OutboundQueue;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.exception.CloseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection: the first step of the data path.
 *
 * <p>It exists from the upgrade on: the negotiator makes and {@link Connections#admit admits} it
 * before the 101 is written, and a protocol may join its room then ({@link #onAdmitted}), so that
 * nothing the room accepts after the client's handshake passes it by; what arrives before Jetty
 * opens the session waits in its {@link OutboundQueue}. If the upgrade does not happen after all,
 * {@link #abandon} undoes the admission.
 *
 * <p>It turns incoming frames into whole text messages (refusing binary, oversized and invalid ones
 * with their close codes) and hands each to {@link #onText}; the protocol subclasses decide what a
 * message means. Its room is the {@link ChatNode}'s business: the connection holds it, joins it and
 * lets it go (leaving it) when it ends. Everything it sends goes through its {@link OutboundQueue},
 * pongs included.
 */
public abstract class ChatConnection implements FrameHandler, Member {
  private static final Logger LOG = LoggerFactory.getLogger(ChatConnection.class);
  private static final VarHandle HOLD;
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  /** Pings a client may send per second, on average; more close it with 1008. */
  public static final int PINGS_PER_SECOND = 10;

  /** Pings a client may send at once; more close it with 1008. */
  public static final int PING_BURST = 20;

  static {
    try {
      HOLD = MethodHandles.lookup().findVarHandle(ChatConnection.class, "hold", RoomHold.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** What a connection needs from the server it belongs to. */
  public record Context(
      ChatNode node,
      Connections connections,
      Limits limits,
      BooleanSupplier stopping,
      ChatMetrics metrics) {}

  protected final Context context;
  private final String roomName;
  private final String origin;
  private final TextAssembler assembler;
  private final OutboundQueue outbound;
  private final long admittedNanos = System.nanoTime();
  private volatile long lastHeardNanos = admittedNanos;
  private volatile long closingSinceNanos;
  private boolean inBinaryMessage;
  // Made at the first ping: most clients never send one.
  private TokenBucket pings;
  private CoreSession session;
  // The close the server asked for first (no other is sent); onOpen sends it if asked for before.
  private int closeCode;
  private String closeReason;
  // The socket's own address object (shared with the channel), not a string made for each one.
  private final java.net.SocketAddress remoteAddress;
  // The registry's own copy of the client address once admitted (behind a trusted proxy, the one it
  // forwarded): idle connections are most of a server's connections, so they keep no strings of
  // their own beyond what Jetty keeps.
  private String clientAddress;
  private volatile RoomHold hold;
  private volatile boolean closed;

  /**
   * @param clientAddress who the connection counts as for the per-address limit ({@link
   *     ClientAddress})
   * @param remoteAddress the peer's socket address, for logs
   */
  protected ChatConnection(
      Context context,
      String roomName,
      String origin,
      String clientAddress,
      java.net.SocketAddress remoteAddress) {
    this.context = context;
    // Interned: thousands of connections to one room share one name.
    this.roomName = roomName.intern();
    this.origin = origin;
    this.clientAddress = clientAddress;
    this.remoteAddress = remoteAddress;
    this.assembler = new TextAssembler(context.limits().maxMessageBytes());
    this.outbound = new OutboundQueue(context.limits().outboundQueueBytes());
  }

  /**
   * Called once the connection is admitted, before the 101 is written: a protocol whose clients are
   * members from their handshake on joins its room here.
   *
   * @return whether the upgrade may go on; if not, the negotiator answers 503 instead
   */
  protected abstract boolean onAdmitted();

  /** A complete, valid text message from the client. */
  protected abstract void onText(String text);

  public final String roomName() {
    return roomName;
  }

  @Override
  public final OutboundQueue outbound() {
    return outbound;
  }

  /**
   * Holds the room through the node (whose broker may first fetch it); a connection closed
   * meanwhile lets it go again at once, so the hold returned may be released already.
   */
  protected final RoomHold holdRoom() {
    RoomHold taken = context.node().hold(roomName);
    hold = taken;
    if (closed) {
      // Closed meanwhile: onClosed may have missed the new hold.
      releaseRoom();
    }
    return taken;
  }

  /** Leaves the room if a member, and lets it go; safe to call more than once. */
  protected final void releaseRoom() {
    RoomHold held = (RoomHold) HOLD.getAndSet(this, null);
    if (held != null) {
      context.node().release(held, this, holder());
    }
  }

  /** Whether this connection is a member of its room. */
  protected final boolean isJoined() {
    RoomHold current = hold;
    return current != null && current.isJoined();
  }

  /** The connection's id for the claim on its name, across the cluster; {@code null} for none. */
  protected String holder() {
    return null;
  }

  /** Queues a message for this client alone and starts the write. */
  protected final void sendToSelf(OutboundMessage message) {
    if (Members.offer(this, message)) {
      outbound.flush();
    }
  }

  /**
   * Admitted by {@link Connections#admit}: from now on it counts, and may join its room. Returns
   * whether the upgrade may go on.
   */
  final boolean admitted() {
    return onAdmitted();
  }

  /**
   * The upgrade did not happen after all (refused after the admission, or the 101 could not be
   * written): leaves the room and gives the slot back. Does nothing once the session has opened.
   */
  final void abandon() {
    synchronized (this) {
      if (session != null || closed) {
        return;
      }
      closed = true;
    }
    outbound.close();
    releaseRoom();
    context.connections().remove(this);
  }

  @Override
  public void onOpen(CoreSession coreSession, Callback callback) {
    int closeCode;
    synchronized (this) {
      if (closed) {
        // Abandoned meanwhile: its slot and room are already given back.
        callback.failed(new IllegalStateException("the upgrade was abandoned"));
        return;
      }
      session = coreSession;
      closeCode = this.closeCode;
    }
    outbound.attach(coreSession);
    context.metrics().connectionOpened(protocol());
    LOG.atInfo()
        .setMessage("connection opened")
        .addKeyValue("remote", remote())
        .addKeyValue("origin", LogText.escape(origin))
        .addKeyValue("protocol", protocol().name().toLowerCase(java.util.Locale.ROOT))
        .addKeyValue("room", roomName)
        .log();
    callback.succeeded();
    if (closeCode != 0) {
      sendClose(coreSession, closeCode, closeReason);
    } else if (context.stopping().getAsBoolean()) {
      // Opened while the server stops, possibly after it closed the connections it knew of.
      close(CloseCodes.GOING_AWAY, "server shutting down");
    }
    coreSession.demand();
  }

  @Override
  public void onFrame(Frame frame, Callback callback) {
    lastHeardNanos = System.nanoTime();
    handle(frame, callback);
    // Frames are read one at a time: the next is read only when asked for.
    session.demand();
  }

  private void handle(Frame frame, Callback callback) {
    try {
      switch (frame.getOpCode()) {
        case OpCode.TEXT -> {
          inBinaryMessage = false;
          text(frame);
        }
        case OpCode.CONTINUATION -> {
          if (!inBinaryMessage) {
            text(frame);
          }
        }
        case OpCode.BINARY -> {
          inBinaryMessage = true;
          close(CloseCodes.UNSUPPORTED_DATA, "binary messages are not accepted");
        }
        case OpCode.PING -> ping(frame);
        default -> {
          // Pong: hearing it is enough to stay alive. Close: Jetty answers it.
        }
      }
      callback.succeeded();
    } catch (CloseException refused) {
      close(refused.getStatusCode(), refused.getMessage());
      callback.succeeded();
    } catch (RuntimeException bug) {
      LOG.error("unexpected failure handling a frame from {}", remote(), bug);
      callback.failed(bug);
    }
  }

  private void text(Frame frame) {
    if (closingSinceNanos != 0) {
      return;
    }
    String message = assembler.append(frame.getPayload(), frame.isFin());
    if (message != null) {
      context.metrics().messageReceived(protocol());
      onText(message);
    }
  }

  @Override
  public void onSlowConsumer() {
    context.metrics().slowConsumerClosed();
    LOG.warn(
        "closing slow consumer remote={} room={}: more than {} bytes waiting to be sent",
        remote(),
        roomName,
        context.limits().outboundQueueBytes());
    close(CloseCodes.POLICY_VIOLATION, CloseCodes.SLOW_CONSUMER);
  }

  @Override
  public void onMissedMessages() {
    // Logged once for the room by whoever found the loss; each close is logged as usual.
    close(CloseCodes.FELL_BEHIND, CloseCodes.FELL_BEHIND_REASON);
  }

  @Override
  public void onError(Throwable cause, Callback callback) {
    LOG.debug("error on connection from {}", remote(), cause);
    callback.succeeded();
  }

  @Override
  public void onClosed(CloseStatus status, Callback callback) {
    outbound.close();
    closed = true;
    releaseRoom();
    context.connections().remove(this);
    // Why it ended: Jetty's status, unless the server's own close frame went first (then Jetty's is
    // the client's answer to it).
    boolean own = outbound.closedWithOwnFrame();
    int code;
    String reason;
    synchronized (this) {
      code = own ? closeCode : status.getCode();
      reason = own ? closeReason : status.getReason();
    }
    context.metrics().connectionClosed(code);
    LOG.atInfo()
        .setMessage("connection closed")
        .addKeyValue("remote", remote())
        .addKeyValue("origin", LogText.escape(origin))
        .addKeyValue("protocol", protocol().name().toLowerCase(java.util.Locale.ROOT))
        .addKeyValue("room", roomName)
        .addKeyValue("code", code)
        .addKeyValue("reason", LogText.escape(reason))
        .addKeyValue("durationMs", (System.nanoTime() - admittedNanos) / 1_000_000)
        .log();
    callback.succeeded();
  }

  /**
   * Starts the close handshake; the connection leaves its room when it completes. Before the
   * session is open, the close happens as it opens.
   */
  public final void close(int code, String reason) {
    CoreSession current;
    synchronized (this) {
      if (closeCode != 0) {
        // The client is told once, with the first reason.
        return;
      }
      closeCode = code;
      closeReason = reason;
      closingSinceNanos = System.nanoTime();
      current = session;
    }
    if (current == null) {
      outbound.close();
    } else {
      sendClose(current, code, reason);
    }
  }

  /**
   * Sends the close frame and waits for the client's answer before the socket is closed (RFC 6455
   * 7.1.1), whatever the code. Jetty waits only after a normal close (1000, 1001): after a close of
   * an error code it closes the socket at once, and a client still sending then gets a reset that
   * throws away the close frame unread, so such a close is written by the session's queue instead
   * ({@link OutboundQueue#closeWith}). The {@link Heartbeat} cuts off a client that never answers.
   */
  private void sendClose(CoreSession current, int code, String reason) {
    if (!CloseStatus.isOrdinary(code)
        && current.isInputOpen()
        && outbound.closeWith(OutboundMessage.close(code, reason))) {
      return;
    }
    outbound.close();
    if (current.isOutputOpen()) {
      current.close(code, reason, Callback.NOOP);
    }
  }

  /**
   * Drops the connection without a close handshake, for a peer that no longer reads; one whose
   * session never opened is abandoned.
   */
  final void abort() {
    CoreSession current = session;
    if (current != null) {
      current.abort();
    } else {
      abandon();
    }
  }

  /**
   * RFC 6455 5.5.3: answers a ping with a pong carrying the same application data, through the
   * bounded queue like everything else sent, so a client that pings and never reads is a slow
   * consumer. Pinging faster than {@link #PINGS_PER_SECOND} closes the connection with 1008.
   */
  private void ping(Frame ping) {
    if (closingSinceNanos != 0) {
      return;
    }
    long now = System.nanoTime();
    if (pings == null) {
      pings = new TokenBucket(PINGS_PER_SECOND, PING_BURST, now);
    }
    if (!pings.tryTake(now)) {
      LOG.warn("closing remote={} room={}: too many pings", remote(), roomName);
      close(CloseCodes.POLICY_VIOLATION, "too many pings");
      return;
    }
    // The pong copies the ping's data: that buffer is Jetty's, valid only until the callback.
    sendToSelf(OutboundMessage.pong(ping.hasPayload() ? ping.getPayload() : EMPTY));
  }

  /**
   * Sends a ping (one shared by every connection) through the queue; the pong, like any frame,
   * shows the client is alive.
   */
  final void sendPing(OutboundMessage ping) {
    if (session != null && closingSinceNanos == 0) {
      sendToSelf(ping);
    }
  }

  final long lastHeardNanos() {
    return lastHeardNanos;
  }

  final long closingSinceNanos() {
    return closingSinceNanos;
  }

  /** Who the client counts as for the per-address limit ({@link ClientAddress}). */
  final String clientAddress() {
    return clientAddress;
  }

  /**
   * Keeps the registry's copy of the client address, shared with the address's other connections.
   */
  final void shareClientAddress(String shared) {
    clientAddress = shared;
  }

  /** The peer's address (as {@code /127.0.0.1:5555}), for logs; made when asked for. */
  protected final String remote() {
    return String.valueOf(remoteAddress);
  }
}
