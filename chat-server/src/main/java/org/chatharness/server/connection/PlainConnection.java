package org.chatharness.server.connection;

import org.chatharness.server.codec.Protocol;

/** The tutorial's protocol: every text message goes, unchanged, to everyone in the room. */
public final class PlainConnection extends ChatConnection {

  private final TokenBucket rate;

  public PlainConnection(Context context, String roomName, String origin) {
    super(context, roomName, origin);
    this.rate = new TokenBucket(context.rateLimit(), context.rateBurst(), System.nanoTime());
  }

  @Override
  protected void onOpened() {
    var room = context.rooms().obtain(roomName());
    joined(room);
    room.addPlain(this);
  }

  @Override
  protected void onText(String text) {
    // The plain protocol cannot carry an error, so a flooding client is told by the close.
    if (!rate.tryTake(System.nanoTime())) {
      context.metrics().rateLimited();
      close(CloseCodes.POLICY_VIOLATION, "rate limit exceeded");
      return;
    }
    context.broker().publish(roomName(), null, text, null);
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
  public String key() {
    return null;
  }
}
