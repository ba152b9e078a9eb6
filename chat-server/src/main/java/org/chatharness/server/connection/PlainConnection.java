package org.chatharness.server.connection;

import org.chatharness.server.codec.Protocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The tutorial's protocol: every text message goes, unchanged, to everyone in the room. */
public final class PlainConnection extends ChatConnection {
  private static final Logger LOG = LoggerFactory.getLogger(PlainConnection.class);

  // Made at the first message, full, as it would be by then anyway: an idle connection has none.
  private TokenBucket rate;

  public PlainConnection(
      Context context,
      String roomName,
      String origin,
      String clientAddress,
      java.net.SocketAddress remoteAddress) {
    super(context, roomName, origin, clientAddress, remoteAddress);
  }

  /**
   * Joins the room before the 101 is written: a plain client is a member from its handshake on, so
   * a message sent the moment its {@code open} event fires reaches it. The room is current by then
   * (the {@link ReadyRoomGate} waited for a shared broker to fetch it); should it not be after all,
   * the upgrade is refused rather than missing what the room publishes meanwhile.
   */
  @Override
  protected boolean onAdmitted() {
    if (context.node().joinPlain(holdRoom(), this)) {
      return true;
    }
    // Not in the room now: the room was not current, and the client is refused with 503.
    LOG.warn("refusing remote={} room={}: room unavailable", remote(), roomName());
    return false;
  }

  /**
   * Publishes the text. The plain protocol cannot carry an error, so a message the broker could not
   * take closes the connection with 1011: the client knows it was not sent, and may reconnect.
   */
  @Override
  protected void onText(String text) {
    // The plain protocol cannot carry an error, so a flooding client is told by the close.
    long now = System.nanoTime();
    if (rate == null) {
      rate = new TokenBucket(context.limits().rateLimit(), context.limits().rateBurst(), now);
    }
    if (!rate.tryTake(now)) {
      context.metrics().rateLimited();
      close(CloseCodes.POLICY_VIOLATION, "rate limit exceeded");
      return;
    }
    context
        .node()
        .publish(roomName(), null, text, null)
        .whenComplete(
            (published, failure) -> {
              if (failure != null) {
                LOG.warn(
                    "closing remote={} room={}: message not sent: {}",
                    remote(),
                    roomName(),
                    failure.toString());
                close(CloseCodes.BROKER_UNAVAILABLE, "message not sent, try again later");
              }
            });
  }

  @Override
  public Protocol protocol() {
    return Protocol.PLAIN;
  }

  @Override
  public String name() {
    return null;
  }

  @Override
  public String owner() {
    return null;
  }
}
