package org.chatharness.server.outbound;

import org.eclipse.jetty.util.Callback;

/**
 * Where a session's queue writes its messages: straight to the socket ({@link SocketWriter}), or
 * through Jetty's session when an extension must see every frame ({@link SessionWriter}).
 *
 * <p>The queue calls it with one write at a time, never while holding its lock.
 */
interface FrameWriter {

  /**
   * Writes the frames of {@code messages[0..count)}, in order, as one write.
   *
   * @return {@code true} when everything was written before returning, {@code done} untouched;
   *     {@code false} when the write is pending or failed, and {@code done} is called once when it
   *     ends (maybe already)
   */
  boolean write(OutboundMessage[] messages, int count, Callback done);
}
