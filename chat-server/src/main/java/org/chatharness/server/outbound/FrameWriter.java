package org.chatharness.server.outbound;

import org.eclipse.jetty.util.Callback;

/**
 * Where a session's queue writes its messages: straight to the socket ({@link SocketWriter}), or
 * through Jetty's session when an extension must see every frame ({@link SessionWriter}).
 *
 * <p>The queue starts one write at a time, never while holding its lock. A write that does not end
 * at once ends later with this writer's callback, which tells the queue, as does one of Jetty's
 * frames the queue hands on ({@link JettyFrameGate#passOn}): one object per session for all of it.
 */
abstract class FrameWriter implements Callback {
  private final OutboundQueue owner;

  FrameWriter(OutboundQueue owner) {
    this.owner = owner;
  }

  /**
   * Writes the frames of {@code count} messages of a ring array, from {@code head} on ({@link
   * MessageRing#at}), in order, as one write; with {@code views} (a fan-out's, or {@code null}) if
   * it can do without allocating.
   *
   * @return {@code true} when everything was written before returning and this callback is not
   *     called; {@code false} when the write is pending or failed, and this callback is called once
   *     when it ends (maybe already)
   */
  abstract boolean write(OutboundMessage[] ring, int head, int count, FrameViews views);

  @Override
  public final void succeeded() {
    owner.writeEnded(null);
  }

  @Override
  public final void failed(Throwable failure) {
    owner.writeEnded(failure);
  }
}
