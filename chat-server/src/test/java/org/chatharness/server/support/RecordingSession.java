package org.chatharness.server.support;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * A WebSocket session that a unit test can read: it records every frame sent to it, and completes
 * each write at once, or only when the test says ({@link #holdWrites}), as a slow socket would.
 * Jetty's own {@link CoreSession.Empty} does the rest (nothing).
 */
public final class RecordingSession extends CoreSession.Empty {
  private final List<String> texts = new ArrayList<>();
  private final List<Callback> pending = new ArrayList<>();
  private final List<Integer> framesPerWrite = new ArrayList<>();
  private int framesInWrite;
  private boolean holdWrites;
  private boolean failWrites;

  /** Every later write throws, as a bug below the queue would. */
  public synchronized void failWrites() {
    failWrites = true;
  }

  /** Writes complete only on {@link #completeWrites} from now on. */
  public synchronized void holdWrites() {
    holdWrites = true;
  }

  /** Completes the writes held so far, and every later one at once. */
  public void completeWrites() {
    List<Callback> held;
    synchronized (this) {
      holdWrites = false;
      held = new ArrayList<>(pending);
      pending.clear();
    }
    held.forEach(Callback::succeeded);
  }

  @Override
  public void sendFrame(Frame frame, Callback callback, boolean batch) {
    boolean complete;
    synchronized (this) {
      if (failWrites) {
        throw new IllegalStateException("a write that throws");
      }
      if (frame.getOpCode() == OpCode.TEXT) {
        texts.add(StandardCharsets.UTF_8.decode(frame.getPayload().slice()).toString());
      }
      framesInWrite++;
      if (!batch) {
        framesPerWrite.add(framesInWrite);
        framesInWrite = 0;
      }
      complete = !holdWrites || batch;
      if (!complete) {
        pending.add(callback);
      }
    }
    if (complete) {
      callback.succeeded();
    }
  }

  /** The texts written so far, in order. */
  public synchronized List<String> texts() {
    return List.copyOf(texts);
  }

  /** How many frames each write (a run of batched frames and the one that flushes) carried. */
  public synchronized List<Integer> framesPerWrite() {
    return List.copyOf(framesPerWrite);
  }

  /** How many writes wait to be completed. */
  public synchronized int writesInFlight() {
    return pending.size();
  }
}
