package org.chatharness.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.io.ByteArrayEndPoint;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The writer of the direct path against Jetty's in-memory endpoint (a socket whose buffer the test
 * sizes and drains): whole frames, gathered into one flush, the rest taken when a full socket
 * drains, and a closed socket failing the write.
 */
@Timeout(10)
class SocketWriterTest {
  private static final long NO_FRAGMENTS = Long.MAX_VALUE;

  @Test
  void aMessageGoesToTheSocketAsItsFrame() {
    CountingEndPoint socket = new CountingEndPoint(-1);
    Ended done = new Ended();
    boolean written = new SocketWriter(socket, NO_FRAGMENTS).write(messages("Hello"), 1, done);
    assertThat(written).as("an empty socket takes it at once").isTrue();
    assertThat(done.calls).as("nothing to call back for a write done at once").hasValue(0);
    assertThat(bytes(socket.takeOutput())).containsExactly(0x81, 5, 'H', 'e', 'l', 'l', 'o');
  }

  @Test
  void whatWaitsForOneSocketGoesInOneFlush() {
    CountingEndPoint socket = new CountingEndPoint(-1);
    boolean written =
        new SocketWriter(socket, NO_FRAGMENTS).write(messages("a", "bc", "d"), 3, new Ended());
    assertThat(written).isTrue();
    assertThat(socket.flushes).as("one gathered write, one system call").hasValue(1);
    assertThat(bytes(socket.takeOutput()))
        .containsExactly(0x81, 1, 'a', 0x81, 2, 'b', 'c', 0x81, 1, 'd');
  }

  @Test
  void theSameMessageServesEveryRecipientWhole() {
    OutboundMessage[] shared = messages("shared");
    for (int recipient = 0; recipient < 3; recipient++) {
      CountingEndPoint socket = new CountingEndPoint(-1);
      new SocketWriter(socket, NO_FRAGMENTS).write(shared, 1, new Ended());
      assertThat(socket.takeOutputString().substring(2))
          .as("recipient %d reads its own view of the shared bytes", recipient)
          .isEqualTo("shared");
    }
  }

  @Test
  void aFullSocketTakesTheRestWhenItDrainsAndOnlyThenCallsBack() {
    CountingEndPoint socket = new CountingEndPoint(40);
    Ended done = new Ended();
    String text = "x".repeat(100);
    boolean written = new SocketWriter(socket, NO_FRAGMENTS).write(messages(text), 1, done);
    assertThat(written).as("100 bytes do not fit a 40-byte socket buffer").isFalse();
    assertThat(done.calls).as("not before the socket has taken everything").hasValue(0);

    StringBuilder received = new StringBuilder();
    for (int drains = 0; drains < 10 && done.calls.get() == 0; drains++) {
      received.append(StandardCharsets.ISO_8859_1.decode(socket.takeOutput()));
    }
    received.append(StandardCharsets.ISO_8859_1.decode(socket.takeOutput()));
    assertThat(done.calls).hasValue(1);
    assertThat(done.failure).hasValue(null);
    assertThat(received.substring(2)).as("every byte, in order").isEqualTo(text);
  }

  @Test
  void aClosedSocketFailsTheWriteAndEndsTheConnection() {
    CountingEndPoint socket = new CountingEndPoint(-1);
    socket.close();
    Ended done = new Ended();
    boolean written = new SocketWriter(socket, NO_FRAGMENTS).write(messages("late"), 1, done);
    assertThat(written).isFalse();
    assertThat(done.calls).hasValue(1);
    assertThat(done.failure.get()).isInstanceOf(IOException.class);
    assertThat(socket.isOpen()).isFalse();
  }

  @Test
  void aMessageLongerThanTheLargestFrameGoesInFragments() {
    CountingEndPoint socket = new CountingEndPoint(-1);
    new SocketWriter(socket, 4).write(messages("abcdef"), 1, new Ended());
    assertThat(bytes(socket.takeOutput()))
        .as("a text frame of 4 without FIN, then a continuation of 2 with FIN")
        .containsExactly(0x01, 4, 'a', 'b', 'c', 'd', 0x80, 2, 'e', 'f');
  }

  private static OutboundMessage[] messages(String... texts) {
    OutboundMessage[] messages = new OutboundMessage[texts.length];
    for (int i = 0; i < texts.length; i++) {
      messages[i] = OutboundMessage.ofText(texts[i]);
    }
    return messages;
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

  /** The writer's callback, recorded. */
  private static final class Ended implements Callback {
    final AtomicInteger calls = new AtomicInteger();
    final AtomicReference<Throwable> failure = new AtomicReference<>();

    @Override
    public void succeeded() {
      calls.incrementAndGet();
    }

    @Override
    public void failed(Throwable cause) {
      failure.set(cause);
      calls.incrementAndGet();
    }
  }
}
