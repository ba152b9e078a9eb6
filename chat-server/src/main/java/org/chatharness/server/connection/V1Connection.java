package org.chatharness.server.connection;

import java.util.concurrent.ThreadLocalRandom;
import org.chatharness.server.codec.ClientMessage;
import org.chatharness.server.codec.Protocol;
import org.chatharness.server.codec.ProtocolError;
import org.chatharness.server.codec.V1Codec;
import org.chatharness.server.room.ClientId;
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
  private static final String NOT_SENT = "the message could not be sent now; send it again later";

  private final TokenBucket rate;
  private final Strikes strikes = new Strikes();
  // Random, so unique across the cluster: names the connection's hold on its name, and the client
  // ids of a sender without a key.
  private final String id = newId();
  private volatile String name;
  private volatile String owner;
  private volatile boolean joining;

  public V1Connection(
      Context context,
      String roomName,
      String origin,
      String clientAddress,
      java.net.SocketAddress remoteAddress) {
    super(context, roomName, origin, clientAddress, remoteAddress);
    this.rate =
        new TokenBucket(
            context.limits().rateLimit(), context.limits().rateBurst(), System.nanoTime());
  }

  private static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
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
        target -> claim(target, join),
        failure -> {
          joining = false;
          refuse(unavailable());
        });
  }

  /** Asks the broker for the name (across the cluster), then joins the room with it. */
  private void claim(Room target, ClientMessage.Join join) {
    String digest = KeyDigest.of(join.key());
    context
        .broker()
        .claim(roomName(), join.name(), digest, id)
        .whenComplete(
            (claimed, failure) -> {
              if (failure != null) {
                context.metrics().brokerError();
                abandonJoin(unavailable());
              } else if (claimed != JoinResult.JOINED) {
                abandonJoin(refusal(claimed, join.name()));
              } else if (isClosed()) {
                context.broker().release(roomName(), join.name(), id);
                abandonJoin(null);
              } else {
                finishJoin(target, join, digest);
              }
            });
  }

  private void finishJoin(Room target, ClientMessage.Join join, String digest) {
    this.name = join.name();
    this.owner = digest;
    // Before the welcome is queued: the client may send as soon as it reads it, and when the room
    // had to be fetched this runs on another thread than the one reading the client's messages.
    joined(target);
    JoinResult result =
        target.join(this, join.name(), join.since(), context.limits().maxMessageBytes());
    if (result != JoinResult.JOINED) {
      joined(null);
      this.name = null;
      this.owner = null;
      context.broker().release(roomName(), join.name(), id);
      abandonJoin(refusal(result, join.name()));
      return;
    }
    joining = false;
    LOG.info(
        "join remote={} room={} name={} since={}", remote(), roomName(), join.name(), join.since());
    if (isClosed()) {
      // Closed while the name was being claimed: the close may have missed the membership.
      leaveRoom();
    }
  }

  /** The join did not happen: the room is left again and the client told why (unless null). */
  private void abandonJoin(ProtocolError why) {
    joining = false;
    exitRoom();
    if (why != null) {
      refuse(why);
    }
  }

  private static ProtocolError refusal(JoinResult result, String name) {
    return result == JoinResult.TOO_MANY_CONNECTIONS
        ? new ProtocolError(
            "name_taken",
            "\""
                + name
                + "\" is open in "
                + Room.MAX_CONNECTIONS_PER_NAME
                + " windows of this room already")
        : new ProtocolError("name_taken", "\"" + name + "\" is already in this room");
  }

  private static ProtocolError unavailable() {
    return new ProtocolError("unavailable", "the room cannot be reached now; join again later");
  }

  @Override
  protected void leftName(String left) {
    context.broker().release(roomName(), left, id);
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
              + context.limits().rateBurst()
              + " messages at once or "
              + context.limits().rateLimit()
              + " a second",
          send.cid());
    }
    ClientId cid =
        owner == null ? ClientId.ofConnection(id, send.cid()) : ClientId.ofKey(owner, send.cid());
    context
        .broker()
        .publish(roomName(), name, send.text(), cid)
        .whenComplete(
            (published, failure) -> {
              if (failure != null) {
                context.metrics().brokerError();
                // What went wrong in the broker is the operator's business (metrics, logs), and
                // its text may name hosts: the client learns only that it may send again.
                LOG.debug("message not sent remote={} room={}", remote(), roomName(), failure);
                sendToSelf(V1Codec.error(new ProtocolError("not_sent", NOT_SENT, send.cid())));
              } else {
                sendToSelf(V1Codec.ack(send.cid(), published.id(), published.duplicate()));
              }
            });
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
  public String owner() {
    return owner;
  }
}
