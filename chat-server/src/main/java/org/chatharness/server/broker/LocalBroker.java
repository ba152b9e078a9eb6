package org.chatharness.server.broker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.chatharness.server.room.ClientId;
import org.chatharness.server.room.Published;
import org.chatharness.server.room.RoomRegistry;
import org.eclipse.jetty.util.component.AbstractLifeCycle;

/** The default broker: the room on this node assigns ids and fans out; needs nothing else. */
public final class LocalBroker extends AbstractLifeCycle implements Broker {
  private final RoomRegistry rooms;

  public LocalBroker(RoomRegistry rooms) {
    this.rooms = rooms;
  }

  @Override
  public CompletionStage<Published> publish(String room, String from, String text, ClientId cid) {
    return CompletableFuture.completedFuture(rooms.obtain(room).publish(from, text, cid));
  }
}
