package org.chatharness.server.connection;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.chatharness.server.broker.Broker;
import org.chatharness.server.codec.TextAssembler;
import org.chatharness.server.metrics.ChatMetrics;
import org.chatharness.server.outbound.OutboundMessage;
import org.chatharness.server.outbound.OutboundQueue;
import org.chatharness.server.room.Member;
import org.chatharness.server.room.Room;
import org.chatharness.server.room.RoomRegistry;
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
 * <p>It turns incoming frames into whole text messages (refusing binary, oversized and invalid ones
 * with their close codes) and hands each to {@link #onText}; the protocol subclasses decide what a
 * message means and when the connection joins its room. It leaves the room when the connection
 * ends. Everything it sends goes through its {@link OutboundQueue}.
 */
public abstract class ChatConnection implements FrameHandler, Member {
  private static final Logger LOG = LoggerFactory.getLogger(ChatConnection.class);
  private static final VarHandle ENTERED;

  static {
    try {
      ENTERED =
          MethodHandles.lookup().findVarHandle(ChatConnection.class, "entered", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** What a connection needs from the server it belongs to. */
  public record Context(
      RoomRegistry rooms,
      Broker broker,
      Connections connections,
      long outboundQueueBytes,
      int maxMessageBytes,
      double rateLimit,
      int rateBurst,
      BooleanSupplier stopping,
      ChatMetrics metrics) {}

  protected final Context context;
  private final String roomName;
  private final String origin;
  private final TextAssembler assembler;
  private final long openedNanos = System.nanoTime();
  private volatile long lastHeardNanos = openedNanos;
  private volatile long closingSinceNanos;
  private boolean inBinaryMessage;
  private CoreSession session;
  // The socket's own address object (shared with the channel), not a string made for each one.
  private java.net.SocketAddress remoteAddress;
  // The client's address as the upgrade saw it (behind a trusted proxy, the one it forwarded),
  // then the registry's own copy of it: idle connections are most of a server's connections, so
  // they keep no strings of their own beyond what Jetty keeps.
  private String clientAddress;
  private OutboundQueue outbound;
  private volatile Room room;
  private volatile boolean entered;
  private volatile boolean closed;

  protected ChatConnection(Context context, String roomName, String origin, String clientAddress) {
    this.context = context;
    this.clientAddress = clientAddress;
    // Interned: thousands of connections to one room share one name.
    this.roomName = roomName.intern();
    this.origin = origin;
    this.assembler = new TextAssembler(context.maxMessageBytes());
  }

  /** Called once the connection is open and its queue exists. */
  protected abstract void onOpened();

  /** A complete, valid text message from the client. */
  protected abstract void onText(String text);

  public final String roomName() {
    return roomName;
  }

  @Override
  public final OutboundQueue outbound() {
    return outbound;
  }

  /** The room, once joined; {@code null} before. */
  protected final Room room() {
    return room;
  }

  /** Records that this connection is now a member of {@code joined}. */
  protected final void joined(Room joined) {
    this.room = joined;
  }

  /** Whether the connection has entered its room. */
  final boolean isInRoom() {
    return room != null;
  }

  /**
   * Enters the room through the broker (which may first fetch its history) and then runs {@code
   * ready} with it, unless the connection closed meanwhile; {@code failed} runs if the room cannot
   * be reached. Neither blocks the calling thread.
   */
  protected final void enterRoom(Consumer<Room> ready, Consumer<Throwable> failed) {
    entered = true;
    context
        .broker()
        .enter(roomName)
        .whenComplete(
            (ignored, failure) -> {
              if (failure != null) {
                exitRoom();
                failed.accept(failure);
                return;
              }
              if (closed) {
                return;
              }
              ready.accept(context.rooms().obtain(roomName));
              if (closed) {
                // Closed while joining: onClosed may have missed the new membership.
                leaveRoom();
              }
            });
  }

  /** Tells the broker this connection no longer needs its room; safe to call more than once. */
  protected final void exitRoom() {
    if (ENTERED.compareAndSet(this, true, false)) {
      context.broker().exit(roomName);
    }
  }

  /** Leaves the room if a member of it; safe to call more than once. */
  protected final void leaveRoom() {
    Room current = room;
    String name = name();
    if (current != null && current.leave(this)) {
      leftName(name);
    }
  }

  /** This connection's hold on {@code name} in its room ended; tell whoever else keeps names. */
  protected void leftName(String name) {}

  /** Whether the connection has closed. */
  protected final boolean isClosed() {
    return closed;
  }

  /** Queues a message for this client alone and starts the write. */
  protected final void sendToSelf(OutboundMessage message) {
    if (outbound.offer(message) == OutboundQueue.Offer.OVERFLOW) {
      onSlowConsumer();
    } else {
      outbound.flush();
    }
  }

  @Override
  public void onOpen(CoreSession coreSession, Callback callback) {
    this.session = coreSession;
    this.remoteAddress = coreSession.getRemoteAddress();
    this.outbound = new OutboundQueue(coreSession, context.outboundQueueBytes());
    this.clientAddress = context.connections().add(this, clientAddress);
    context.metrics().connectionOpened(protocol());
    LOG.atInfo()
        .setMessage("connection opened")
        .addKeyValue("remote", remote())
        .addKeyValue("origin", origin)
        .addKeyValue("protocol", protocol().name().toLowerCase(java.util.Locale.ROOT))
        .addKeyValue("room", roomName)
        .log();
    onOpened();
    callback.succeeded();
    // Opened while the server stops, possibly after it closed the connections it knew of.
    if (context.stopping().getAsBoolean()) {
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
        case OpCode.PING -> pong(frame);
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
    context.connections().countSlowConsumer();
    context.metrics().slowConsumerClosed();
    LOG.warn(
        "closing slow consumer remote={} room={}: more than {} bytes waiting to be sent",
        remote(),
        roomName,
        context.outboundQueueBytes());
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
    if (outbound != null) {
      outbound.close();
    }
    closed = true;
    leaveRoom();
    exitRoom();
    context.connections().remove(this);
    context.metrics().connectionClosed(status.getCode());
    LOG.atInfo()
        .setMessage("connection closed")
        .addKeyValue("remote", remote())
        .addKeyValue("origin", origin)
        .addKeyValue("protocol", protocol().name().toLowerCase(java.util.Locale.ROOT))
        .addKeyValue("room", roomName)
        .addKeyValue("code", status.getCode())
        .addKeyValue("reason", status.getReason())
        .addKeyValue("durationMs", (System.nanoTime() - openedNanos) / 1_000_000)
        .log();
    callback.succeeded();
  }

  /** Starts the close handshake; the connection leaves its room when it completes. */
  public final void close(int code, String reason) {
    if (closingSinceNanos == 0) {
      closingSinceNanos = System.nanoTime();
    }
    if (outbound != null) {
      outbound.close();
    }
    if (session != null) {
      session.close(code, reason, Callback.NOOP);
    }
  }

  /** Drops the connection without a close handshake, for a peer that no longer reads. */
  final void abort() {
    if (session != null) {
      session.abort();
    }
  }

  /** RFC 6455 5.5.3: answers a ping with a pong carrying the same application data. */
  private void pong(Frame ping) {
    if (closingSinceNanos != 0) {
      return;
    }
    // The ping's buffer is Jetty's, valid only until this frame's callback completes.
    ByteBuffer data = ByteBuffer.allocate(ping.getPayloadLength());
    if (ping.hasPayload()) {
      data.put(ping.getPayload().slice()).flip();
    }
    session.sendFrame(new Frame(OpCode.PONG, data), Callback.NOOP, false);
  }

  /** Sends a ping; the pong, like any frame, shows the client is alive. */
  final void ping() {
    if (session != null && closingSinceNanos == 0) {
      session.sendFrame(new Frame(OpCode.PING), Callback.NOOP, false);
    }
  }

  final long lastHeardNanos() {
    return lastHeardNanos;
  }

  final long closingSinceNanos() {
    return closingSinceNanos;
  }

  /** The client's IP address, as the per-address connection limit counts it. */
  final String clientAddress() {
    return clientAddress;
  }

  /** The IP address of a socket address, the same way for the limit check and the count. */
  public static String addressOf(java.net.SocketAddress address) {
    if (address instanceof java.net.InetSocketAddress inet && inet.getAddress() != null) {
      return inet.getAddress().getHostAddress();
    }
    return String.valueOf(address);
  }

  /** The peer's address (as {@code /127.0.0.1:5555}), for logs; made when asked for. */
  protected final String remote() {
    return String.valueOf(remoteAddress);
  }
}
