package org.chatharness.load;

import io.gatling.javaapi.core.Session;
import java.lang.reflect.Field;

/**
 * Whether a virtual user's WebSocket is still open. A browser gets a close event when the server
 * goes away; Gatling's DSL gives a scenario none for an idle socket (only the next send fails), so
 * this reads the state of Gatling's socket state machine: an internal of Gatling 3.15 (the field
 * {@code currentState} of {@code io.gatling.http.action.ws.fsm.WsFsm}). If a Gatling upgrade moves
 * it, the first call fails loudly rather than letting users sit on dead sockets.
 */
final class SocketState {
  private static final String FSM = "io.gatling.http.action.ws.fsm.WsFsm";
  private static final Field CURRENT_STATE = currentStateField();

  private SocketState() {}

  /**
   * True when the socket named {@code wsName} is gone: never opened, closed or crashed. Call it
   * from the user's own actions (they run on the socket's event loop).
   */
  static boolean closed(Session session, String wsName) {
    Object fsm = session.get(wsName);
    if (fsm == null) {
      return true;
    }
    try {
      String state = CURRENT_STATE.get(fsm).getClass().getSimpleName();
      return state.equals("WsCrashedState") || state.equals("WsClosedState");
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read Gatling's WebSocket state", e);
    }
  }

  private static Field currentStateField() {
    try {
      Field field = Class.forName(FSM).getDeclaredField("currentState");
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "Gatling's WebSocket state machine has changed ("
              + FSM
              + ".currentState): SocketState needs updating for this Gatling version",
          e);
    }
  }
}
