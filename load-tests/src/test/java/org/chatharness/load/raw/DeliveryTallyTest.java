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
  void receiversCountDataFramesAndTheirBytesButNotControlFrames() {
    Receiver sink = new Receiver(null, null);

    sink.onRead(ByteBuffer.wrap(messages(0, 3)), 0);
    sink.onRead(ByteBuffer.wrap(FrameReaderTest.serverFrame(0x8A, new byte[4])), 0); // a pong

    assertThat(sink.dataFrames()).isEqualTo(3);
    assertThat(sink.dataBytes()).as("three frames of 62 bytes").isEqualTo(3 * FRAME);
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
  void aConnectionTheServerClosedIsNamedWithItsCode() {
    Receiver closed = receiverWith(0, 2);
    closed.onRead(
        ByteBuffer.wrap(FrameReaderTest.serverFrame(0x88, new byte[] {0x03, (byte) 0xF0})), 0);
    closed.end("closed by the server");

    RunResult.Completeness tally = tally(4, List.of(receiverWith(0, 4), closed));

    assertThat(tally.lost()).isEqualTo(2);
    assertThat(tally.receiversEnded()).isEqualTo(1);
    assertThat(tally.firstEnd()).isEqualTo("connection 2: closed by the server (close 1008)");
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
    try (ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress("127.0.0.1", 0));
      try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
          SocketChannel serverSide = server.accept()) {
        Receiver receiver = new Receiver(client, null);

        receiver.onRead(
            ByteBuffer.wrap(FrameReaderTest.serverFrame(0x89, new byte[] {1, 2, 3})), 0);

        ByteBuffer pong = ByteBuffer.allocate(9);
        while (pong.hasRemaining() && serverSide.read(pong) >= 0) {
          // blocking reads until the whole pong is in
        }
        int[] bytes = ClientFramesTest.bytes(pong.flip());
        assertThat(bytes[0]).as("FIN + pong").isEqualTo(0x8A);
        assertThat(bytes[1]).as("masked, 3 bytes").isEqualTo(0x83);
        assertThat(new int[] {bytes[6] ^ bytes[2], bytes[7] ^ bytes[3], bytes[8] ^ bytes[4]})
            .containsExactly(1, 2, 3);
        assertThat(receiver.dataFrames()).as("a ping is not data").isZero();
      }
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
