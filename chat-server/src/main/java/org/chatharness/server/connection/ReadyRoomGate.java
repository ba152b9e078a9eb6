package org.chatharness.server.connection;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.chatharness.server.codec.Protocol;
import org.chatharness.server.node.ChatNode;
import org.chatharness.server.node.RoomHold;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a plain client's upgrade until its room is current on this node, so that the room can take
 * the client in before the 101 is written.
 *
 * <p>With the local broker every room is current at once and this passes requests straight on. With
 * a shared broker a room new to this node first fetches its history; a message published meanwhile
 * would be in that history, which plain clients never get, and not in the live stream after it. So
 * the upgrade waits, holding the room (one Redis round trip, for the first client of a room on a
 * node), and a room that cannot be fetched is answered 503 before the upgrade. Should the room stop
 * being current between here and the negotiator (its last member left), the negotiator answers 503
 * too. chat.v1 clients need no wait: they join with a message, and their {@code welcome} marks
 * where their stream starts.
 */
public final class ReadyRoomGate extends Handler.Wrapper {
  private static final Logger LOG = LoggerFactory.getLogger(ReadyRoomGate.class);

  private final ChatNode node;
  private final Executor executor;

  /**
   * @param executor runs the held upgrades once their rooms are current (the server's threads, not
   *     the broker's)
   */
  public ReadyRoomGate(ChatNode node, Executor executor, Handler upgrades) {
    super(upgrades);
    this.node = node;
    this.executor = executor;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String room = plainUpgradeRoom(request);
    if (room == null || node.isCurrent(room) || !node.canHost(room)) {
      // Not a plain client's upgrade, a room ready for it, or one the negotiator refuses.
      return super.handle(request, response, callback);
    }
    RoomHold hold = node.hold(room);
    // Until the request completes: by then the connection holds the room itself, or never will.
    Request.addCompletionListener(request, done -> node.release(hold, null, null));
    hold.ready().whenComplete((current, failure) -> later(request, response, callback, failure));
    return true;
  }

  private void later(Request request, Response response, Callback callback, Throwable failure) {
    try {
      executor.execute(() -> resume(request, response, callback, failure));
    } catch (RejectedExecutionException stopping) {
      Response.writeError(
          request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "Server is stopping");
    }
  }

  private void resume(Request request, Response response, Callback callback, Throwable failure) {
    if (failure != null) {
      LOG.warn(
          "refusing a plain client of room {}: room unavailable: {}",
          plainUpgradeRoom(request),
          failure.toString());
      ChatNegotiator.refuseRoomUnavailable(request, response, callback);
      return;
    }
    try {
      if (!super.handle(request, response, callback)) {
        Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
      }
    } catch (Throwable unexpected) {
      Response.writeError(request, response, callback, unexpected);
    }
  }

  /** The room of a WebSocket upgrade that will be served plain; {@code null} for anything else. */
  private static String plainUpgradeRoom(Request request) {
    String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
    if (upgrade == null || !"websocket".equalsIgnoreCase(upgrade.trim())) {
      return null;
    }
    for (String offered : request.getHeaders().getCSV(HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL, true)) {
      if (Protocol.V1_NAME.equals(offered)) {
        return null;
      }
    }
    return ChatNegotiator.roomOf(Request.getPathInContext(request));
  }
}
