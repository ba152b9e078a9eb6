package org.chatharness.load.raw;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the receivers count and how completeness is judged from it: a missing, extra or closed
 * connection's bytes must never pass as complete.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DeliveryTallyTest {
  private static final int SIZE = 60;
  private static final long FRAME = ClientFrames.serverFrameBytes(SIZE);

  @Test
  void receiversCountDataMessagesAndTheirBytesButNotControlFrames() {
    Receiver sink = new Receiver(null, null);

    sink.onRead(ByteBuffer.wrap(messages(0, 3)), 0);
    sink.onRead(ByteBuffer.wrap(FrameReaderTest.serverFrame(0x8A, new byte[4])), 0); // a pong

    assertThat(sink.messages()).isEqualTo(3);
    assertThat(sink.dataBytes()).as("three frames of 62 bytes").isEqualTo(3 * FRAME);
  }

  @Test
  void aFragmentedMessageIsOneDelivery() {
    Receiver sink = new Receiver(null, null);

    sink.onRead(ByteBuffer.wrap(FrameReaderTest.serverFrame(0x01, new byte[10])), 0); // TEXT
    sink.onRead(ByteBuffer.wrap(FrameReaderTest.serverFrame(0x00, new byte[10])), 0); // more
    sink.onRead(ByteBuffer.wrap(FrameReaderTest.serverFrame(0x80, new byte[10])), 0); // the end

    assertThat(sink.messages()).isEqualTo(1);
    assertThat(sink.dataBytes()).as("every frame's bytes").isEqualTo(3 * 12);
  }

  @Test
  void everyReceiverWithEveryByteIsComplete() {
    List<Receiver> receivers = List.of(receiverWith(0, 4), receiverWith(0, 4));

    RunResult.Completeness tally = tally(4, receivers);

    assertThat(tally.lost()).isZero();
    assertThat(tally.extraBytes()).isZero();
    assertThat(tally.deliveries()).isEqualTo(8);
  }

  @Test
  void aReceiverOneFrameShortHasLostOneDelivery() {
    List<Receiver> receivers = List.of(receiverWith(0, 4), receiverWith(0, 3));

    RunResult.Completeness tally = tally(4, receivers);

    assertThat(tally.lost()).isEqualTo(1);
    assertThat(tally.deliveries()).isEqualTo(7);
  }

  @Test
  void aFrameTooManyIsCountedAsExtraBytes() {
    Receiver doubled = receiverWith(0, 4);
    doubled.onRead(ByteBuffer.wrap(messages(3, 1)), 0);

    RunResult.Completeness tally = tally(4, List.of(doubled));

    assertThat(tally.extraBytes()).isEqualTo(FRAME);
    assertThat(tally.lost()).isZero();
  }

  @Test
  void aConnectionTheServerClosedIsNamedWithItsCodeAndAnsweredWithAClose() throws IOException {
    try (SocketPair pair = new SocketPair()) {
      Receiver closed = new Receiver(pair.client(), null);
      closed.onRead(ByteBuffer.wrap(messages(0, 2)), 0);

      closed.onRead(
          ByteBuffer.wrap(FrameReaderTest.serverFrame(0x88, new byte[] {0x03, (byte) 0xF0})), 0);
      RunResult.Completeness tally = tally(4, List.of(receiverWith(0, 4), closed));

      assertThat(tally.lost()).isEqualTo(2);
      assertThat(tally.receiversEnded()).isEqualTo(1);
      assertThat(tally.firstEnd()).isEqualTo("connection 2: closed by the server (close 1008)");
      int[] reply = pair.readFromClient(8);
      assertThat(reply[0]).as("FIN + close").isEqualTo(0x88);
      assertThat(new int[] {reply[6] ^ reply[2], reply[7] ^ reply[3]})
          .as("the server's code echoed")
          .containsExactly(0x03, 0xF0);
    }
  }

  @Test
  void probesAddWhatTheyMatchedMessageByMessage() {
    Receiver probe = new Receiver(null, new Probe(1, 0));
    probe.onRead(ByteBuffer.wrap(FrameReaderTest.concat(messages(0, 2), messages(1, 1))), 5);

    RunResult.Completeness tally = tally(3, List.of(probe));

    assertThat(tally.probeMissing()).as("number 2 never came").isEqualTo(1);
    assertThat(tally.probeDuplicates()).as("number 1 came twice").isEqualTo(1);
    assertThat(tally.lost()).as("in bytes the double hides the miss").isZero();
    assertThat(DeliveryTally.latencies(List.of(probe)).count()).isEqualTo(2);
  }

  @Test
  void aPingIsAnsweredWithAMaskedPongCarryingItsPayload() throws IOException {
    try (SocketPair pair = new SocketPair()) {
      Receiver receiver = new Receiver(pair.client(), null);

      receiver.onRead(ByteBuffer.wrap(FrameReaderTest.serverFrame(0x89, new byte[] {1, 2, 3})), 0);

      int[] pong = pair.readFromClient(9);
      assertThat(pong[0]).as("FIN + pong").isEqualTo(0x8A);
      assertThat(pong[1]).as("masked, 3 bytes").isEqualTo(0x83);
      assertThat(new int[] {pong[6] ^ pong[2], pong[7] ^ pong[3], pong[8] ^ pong[4]})
          .containsExactly(1, 2, 3);
      assertThat(receiver.messages()).as("a ping is not data").isZero();
      assertThat(receiver.ended()).isNull();
    }
  }

  /** A connected pair of loopback sockets: the client's side for a receiver, and the server's. */
  private static final class SocketPair implements AutoCloseable {
    private final ServerSocketChannel listener = ServerSocketChannel.open();
    private final SocketChannel client;
    private final SocketChannel server;

    SocketPair() throws IOException {
      listener.bind(new InetSocketAddress("127.0.0.1", 0));
      client = SocketChannel.open(listener.getLocalAddress());
      server = listener.accept();
    }

    SocketChannel client() {
      return client;
    }

    /** Reads the {@code n} bytes the client wrote, waiting 2 s at most. */
    int[] readFromClient(int n) throws IOException {
      server.socket().setSoTimeout(2_000);
      byte[] bytes = server.socket().getInputStream().readNBytes(n);
      assertThat(bytes).as("what the client wrote within 2 s").hasSize(n);
      return ClientFramesTest.bytes(ByteBuffer.wrap(bytes));
    }

    @Override
    public void close() throws IOException {
      client.close();
      server.close();
      listener.close();
    }
  }

  private static RunResult.Completeness tally(long sent, List<Receiver> receivers) {
    long[] zeros = new long[receivers.size()];
    return DeliveryTally.count(sent, FRAME, receivers, zeros, zeros);
  }

  private static Receiver receiverWith(int first, int count) {
    Receiver receiver = new Receiver(null, null);
    receiver.onRead(ByteBuffer.wrap(messages(first, count)), 0);
    return receiver;
  }

  /** Server frames of stamped messages number {@code first} .. {@code first + count - 1}. */
  static byte[] messages(int first, int count) {
    byte[][] frames = new byte[count][];
    for (int i = 0; i < count; i++) {
      byte[] payload = new byte[SIZE];
      new Stamp(first + i, 0, 0).writeTo(payload, SIZE);
      frames[i] = FrameReaderTest.serverFrame(0x81, payload);
    }
    return FrameReaderTest.concat(frames);
  }
}
