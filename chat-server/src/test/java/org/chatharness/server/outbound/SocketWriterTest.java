package org.chatharness.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.ByteArrayEndPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A queue writing straight to a socket, here Jetty's in-memory endpoint (a socket whose buffer the
 * test sizes and drains): whole frames, what waits gathered into one flush, the rest taken when a
 * full socket drains, and a closed socket ending the queue.
 */
@Timeout(10)
class SocketWriterTest {
  private static final long NO_FRAGMENTS = Long.MAX_VALUE;

  @Test
  void aMessageGoesToTheSocketAsItsFrame() {
    CountingEndPoint socket = new CountingEndPoint(-1);
    OutboundQueue queue = writingTo(socket, NO_FRAGMENTS);
    send(queue, "Hello");
    assertThat(bytes(socket.takeOutput())).containsExactly(0x81, 5, 'H', 'e', 'l', 'l', 'o');
    assertThat(queue.pendingBytes()).as("written at once").isZero();
  }

  @Test
  void whatWaitsForOneSocketGoesInOneFlush() {
    OutboundQueue queue = new OutboundQueue(1000);
    for (String text : new String[] {"a", "bc", "d"}) {
      queue.offer(OutboundMessage.ofText(text));
    }
    CountingEndPoint socket = new CountingEndPoint(-1);
    queue.attach(new SocketWriter(queue, socket, NO_FRAGMENTS), null);
    assertThat(socket.flushes).as("one gathered write, one system call").hasValue(1);
    assertThat(bytes(socket.takeOutput()))
        .containsExactly(0x81, 1, 'a', 0x81, 2, 'b', 'c', 0x81, 1, 'd');
  }

  @Test
  void theSameMessageServesEveryRecipientWhole() {
    OutboundMessage shared = OutboundMessage.ofText("shared");
    for (int recipient = 0; recipient < 3; recipient++) {
      CountingEndPoint socket = new CountingEndPoint(-1);
      OutboundQueue queue = writingTo(socket, NO_FRAGMENTS);
      queue.offer(shared);
      queue.flush();
      assertThat(socket.takeOutputString().substring(2))
          .as("recipient %d reads its own view of the shared bytes", recipient)
          .isEqualTo("shared");
    }
  }

  @Test
  void aFanOutLendsOneViewToEveryRecipientAndAWaitingWriteKeepsItsOwn() {
    FrameViews views = new FrameViews();
    OutboundMessage shared = OutboundMessage.ofText("y".repeat(100));
    CountingEndPoint full = new CountingEndPoint(40);
    CountingEndPoint[] others = {new CountingEndPoint(-1), new CountingEndPoint(-1)};
    OutboundQueue waiting = writingTo(full, NO_FRAGMENTS);
    waiting.offer(shared);
    waiting.flush(views);
    assertThat(waiting.pendingBytes())
        .as("its socket took 40 of 102 bytes: the whole message is still in flight")
        .isEqualTo(shared.size());
    for (CountingEndPoint socket : others) {
      OutboundQueue queue = writingTo(socket, NO_FRAGMENTS);
      queue.offer(shared);
      queue.flush(views);
      assertThat(socket.takeOutputString().substring(2))
          .as("each recipient gets the frame from its start")
          .isEqualTo("y".repeat(100));
    }
    StringBuilder received = new StringBuilder();
    for (int drains = 0; drains < 10 && waiting.pendingBytes() > 0; drains++) {
      received.append(StandardCharsets.ISO_8859_1.decode(full.takeOutput()));
    }
    received.append(StandardCharsets.ISO_8859_1.decode(full.takeOutput()));
    assertThat(received.substring(2))
        .as("the waiting write's bytes were not rewound under it by the later recipients")
        .isEqualTo("y".repeat(100));
  }

  @Test
  void aFullSocketTakesTheRestWhenItDrainsAndTheBytesCountUntilThen() {
    CountingEndPoint socket = new CountingEndPoint(40);
    OutboundQueue queue = writingTo(socket, NO_FRAGMENTS);
    String text = "x".repeat(100);
    send(queue, text);
    assertThat(queue.pendingBytes())
        .as("100 bytes do not fit a 40-byte socket buffer: still in flight")
        .isEqualTo(OutboundMessage.ofText(text).size());

    StringBuilder received = new StringBuilder();
    for (int drains = 0; drains < 10 && queue.pendingBytes() > 0; drains++) {
      received.append(StandardCharsets.ISO_8859_1.decode(socket.takeOutput()));
    }
    received.append(StandardCharsets.ISO_8859_1.decode(socket.takeOutput()));
    assertThat(queue.pendingBytes()).as("the write ended once the socket took it all").isZero();
    assertThat(received.substring(2)).as("every byte, in order").isEqualTo(text);
  }

  @Test
  void aClosedSocketEndsTheConnectionAndTheQueue() {
    CountingEndPoint socket = new CountingEndPoint(-1);
    OutboundQueue queue = writingTo(socket, NO_FRAGMENTS);
    socket.close();
    send(queue, "late");
    assertThat(queue.offer(OutboundMessage.ofText("later")))
        .as("a failed write closes the queue")
        .isEqualTo(OutboundQueue.Offer.CLOSED);
    assertThat(socket.isOpen()).isFalse();
  }

  @Test
  void aMessageLongerThanTheLargestFrameGoesInFragments() {
    CountingEndPoint socket = new CountingEndPoint(-1);
    send(writingTo(socket, 4), "abcdef");
    assertThat(bytes(socket.takeOutput()))
        .as("a text frame of 4 without FIN, then a continuation of 2 with FIN")
        .containsExactly(0x01, 4, 'a', 'b', 'c', 'd', 0x80, 2, 'e', 'f');
  }

  private static OutboundQueue writingTo(CountingEndPoint socket, long maxFrameBytes) {
    OutboundQueue queue = new OutboundQueue(1000);
    queue.attach(new SocketWriter(queue, socket, maxFrameBytes), null);
    return queue;
  }

  private static void send(OutboundQueue queue, String text) {
    assertThat(queue.offer(OutboundMessage.ofText(text))).isEqualTo(OutboundQueue.Offer.ACCEPTED);
    queue.flush();
  }

  private static int[] bytes(ByteBuffer buffer) {
    int[] out = new int[buffer.remaining()];
    for (int i = 0; i < out.length; i++) {
      out[i] = buffer.get() & 0xFF;
    }
    return out;
  }

  /** Jetty's in-memory endpoint, counting the flushes (each one system call on a real socket). */
  private static final class CountingEndPoint extends ByteArrayEndPoint {
    final AtomicInteger flushes = new AtomicInteger();

    /** {@code outputSize} -1: a socket that takes everything. */
    CountingEndPoint(int outputSize) {
      super((byte[]) null, outputSize);
    }

    @Override
    public boolean flush(ByteBuffer... buffers) throws IOException {
      flushes.incrementAndGet();
      return super.flush(buffers);
    }
  }
}
