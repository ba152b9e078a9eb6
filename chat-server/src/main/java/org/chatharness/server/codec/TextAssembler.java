package org.chatharness.server.codec;

import java.nio.ByteBuffer;
import org.eclipse.jetty.util.Utf8StringBuilder;
import org.eclipse.jetty.websocket.core.exception.BadPayloadException;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;

/**
 * Joins the fragments of one text message, enforcing the size limit and UTF-8 validity as the bytes
 * arrive, so an oversized or invalid message is refused before it is buffered whole.
 *
 * <p>Invalid UTF-8 is detected even when a multi-byte sequence is split across fragments.
 */
public final class TextAssembler {
  private final int maxBytes;
  // Made on the first message: most connections at scale are idle and never need one.
  private Utf8StringBuilder text;
  private long bytes;

  public TextAssembler(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * Adds one fragment.
   *
   * @return the whole message when {@code fin} is set, otherwise {@code null}
   * @throws MessageTooLargeException when the message exceeds the limit (close code 1009)
   * @throws BadPayloadException when the bytes are not valid UTF-8 (close code 1007)
   */
  public String append(ByteBuffer fragment, boolean fin) {
    bytes += fragment.remaining();
    if (bytes > maxBytes) {
      reset();
      throw new MessageTooLargeException("text message larger than " + maxBytes + " bytes");
    }
    if (text == null) {
      text = new Utf8StringBuilder();
    }
    text.append(fragment);
    if (text.hasCodingErrors()) {
      reset();
      throw new BadPayloadException("text message is not valid UTF-8");
    }
    if (!fin) {
      return null;
    }
    try {
      return text.takeCompleteString(
          () -> new BadPayloadException("text message ends inside a UTF-8 sequence"));
    } finally {
      reset();
    }
  }

  private void reset() {
    if (text != null) {
      text.reset();
    }
    bytes = 0;
  }
}
