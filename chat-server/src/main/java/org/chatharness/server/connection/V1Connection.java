package org.chatharness.server.connection;

import java.util.concurrent.CompletionException;
import org.chatharness.server.codec.ClientMessage;
import org.chatharness.server.codec.Protocol;
import org.chatharness.server.codec.ProtocolError;
import org.chatharness.server.codec.V1Codec;
import org.chatharness.server.room.JoinResult;
import org.chatharness.server.room.Room;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chat.v1 connection: joins its room under a name, sends acknowledged messages, and is told about
 * every problem with an {@code error} message. See docs/PROTOCOL.md.
 */
public final class V1Connection extends ChatConnection {
  private static final Logger LOG = LoggerFactory.getLogger(V1Connection.class);

  private final TokenBucket rate;
  private final Strikes strikes = new Strikes();
  private volatile String name;
  private volatile String key;
  private volatile boolean joining;

  public V1Connection(
      Context context,
      String roomName,
      String origin,
      String clientAddress,
      java.net.SocketAddress remoteAddress) {
    super(context, roomName, origin, clientAddress, remoteAddress);
    this.rate = new TokenBucket(context.rateLimit(), context.rateBurst(), System.nanoTime());
  }

  @Override
  protected boolean onAdmitted() {
    // A chat.v1 client joins with its first message, once it has said its name; it receives the
    // room's messages from its welcome on.
    return true;
  }

  @Override
  protected void onText(String text) {
    try {
      ClientMessage message = V1Codec.parse(text);
      if (message instanceof ClientMessage.Join join) {
        join(join);
      } else if (message instanceof ClientMessage.Send send) {
        send(send);
      }
    } catch (ProtocolError error) {
      refuse(error);
    }
  }

  private void join(ClientMessage.Join join) throws ProtocolError {
    if (room() != null || joining) {
      throw new ProtocolError("already_joined", "this connection has joined already");
    }
    if (!V1Codec.isValidName(join.name())) {
      throw new ProtocolError(
          "name_invalid",
          "a name is 1-32 letters, digits, spaces, '-', '_' or '.', with no space at either end");
    }
    joining = true;
    enterRoom(
        target -> finishJoin(target, join),
        failure -> {
          joining = false;
          refuse(
              new ProtocolError("unavailable", "the room cannot be reached now; join again later"));
        });
  }

  private void finishJoin(Room target, ClientMessage.Join join) {
    this.name = join.name();
    this.key = join.key();
    // Before the welcome is queued: the client may send as soon as it reads it, and when the room
    // had to be fetched this runs on another thread than the one reading the client's messages.
    joined(target);
    JoinResult result = target.join(this, join.name(), join.since(), context.maxMessageBytes());
    if (result == JoinResult.NAME_TAKEN) {
      joined(null);
      this.name = null;
      this.key = null;
      joining = false;
      exitRoom();
      refuse(new ProtocolError("name_taken", "\"" + join.name() + "\" is already in this room"));
      return;
    }
    joining = false;
    if (result == JoinResult.JOINED) {
      context.broker().joined(roomName(), join.name());
    }
    LOG.info(
        "join remote={} room={} name={} result={} since={}",
        remote(),
        roomName(),
        join.name(),
        result,
        join.since());
  }

  private void send(ClientMessage.Send send) throws ProtocolError {
    if (room() == null) {
      throw new ProtocolError("not_joined", "join the room before sending", send.cid());
    }
    if (!rate.tryTake(System.nanoTime())) {
      context.metrics().rateLimited();
      throw new ProtocolError(
          "rate_limited",
          "more than "
              + context.rateBurst()
              + " messages at once or "
              + context.rateLimit()
              + " a second",
          send.cid());
    }
    context
        .broker()
        .publish(roomName(), name, send.text(), send.cid())
        .whenComplete(
            (published, failure) -> {
              if (failure != null) {
                context.metrics().brokerError();
                sendToSelf(
                    V1Codec.error(
                        new ProtocolError(
                            "not_sent",
                            "the message could not be delivered: " + reason(failure),
                            send.cid())));
              } else {
                sendToSelf(V1Codec.ack(send.cid(), published.id(), published.duplicate()));
              }
            });
  }

  private static String reason(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    return cause.getMessage();
  }

  private void refuse(ProtocolError error) {
    sendToSelf(V1Codec.error(error));
    if (strikes.strike(System.nanoTime())) {
      LOG.warn(
          "closing remote={} room={}: too many errors, last {}",
          remote(),
          roomName(),
          error.code());
      close(CloseCodes.POLICY_VIOLATION, "too many errors");
    }
  }

  @Override
  public Protocol protocol() {
    return Protocol.V1;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String key() {
    return key;
  }
}
