package org.chatharness.server.connection;

import java.util.concurrent.ThreadLocalRandom;
import org.chatharness.server.broker.ClientId;
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
    if (isJoined() || joining) {
      throw new ProtocolError("already_joined", "this connection has joined already");
    }
    if (!V1Codec.isValidName(join.name())) {
      throw new ProtocolError(
          "name_invalid",
          "a name is 1-32 letters, digits, spaces, '-', '_' or '.', with no space at either end");
    }
    joining = true;
    // The room admits the member by its name and owner, which the broker claims first.
    name = join.name();
    owner = KeyDigest.of(join.key());
    context
        .node()
        .join(holdRoom(), this, id, join.since(), context.limits().maxMessageBytes())
        .whenComplete(
            (result, failure) -> {
              if (failure == null && result == JoinResult.JOINED) {
                joining = false;
                LOG.info(
                    "join remote={} room={} name={} since={}",
                    remote(),
                    roomName(),
                    join.name(),
                    join.since());
              } else {
                notJoined(failure != null ? unavailable() : refusal(result, join.name()));
              }
            });
  }

  /** The join did not happen: the room is let go again and the client told why (unless null). */
  private void notJoined(ProtocolError why) {
    name = null;
    owner = null;
    joining = false;
    releaseRoom();
    if (why != null) {
      refuse(why);
    }
  }

  /** Why a join was refused; {@code null} when no one is left to tell. */
  private static ProtocolError refusal(JoinResult result, String name) {
    if (result == JoinResult.ABANDONED) {
      return null;
    }
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
  protected String holder() {
    return id;
  }

  private void send(ClientMessage.Send send) throws ProtocolError {
    if (!isJoined()) {
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
        .node()
        .publish(roomName(), name, send.text(), cid)
        .whenComplete(
            (published, failure) -> {
              if (failure != null) {
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
