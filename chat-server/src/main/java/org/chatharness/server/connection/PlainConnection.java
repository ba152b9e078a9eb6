package org.chatharness.server.connection;

import org.chatharness.server.broker.Broker;

/** The tutorial's protocol: every text message goes, unchanged, to everyone in the room. */
public final class PlainConnection extends ChatConnection {
  private final Broker broker;

  public PlainConnection(Context context, Broker broker, String roomName, String origin) {
    super(context, roomName, origin);
    this.broker = broker;
  }

  @Override
  protected void onText(String text) {
    broker.publish(roomName(), text);
  }

  @Override
  protected String protocolName() {
    return "plain";
  }
}
