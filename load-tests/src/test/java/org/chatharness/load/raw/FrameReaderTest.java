package org.chatharness.load.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A server's frames must be cut right wherever the reads split them. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class FrameReaderTest {
  record Seen(int opcode, boolean fin, int wireBytes, byte[] payload, int length) {}

  private final List<Seen> seen = new ArrayList<>();
  private final FrameReader.Listener listener =
      (opcode, fin, wireBytes, payload, length) ->
          seen.add(
              new Seen(
                  opcode,
                  fin,
                  wireBytes,
                  payload == null ? null : Arrays.copyOf(payload, length),
                  length));

  @Test
  void framesSplitAtEveryByteAreStillCutRight() throws Exception {
    byte[] stream =
        concat(
            serverFrame(0x81, filled(100, 'a')),
            serverFrame(0x89, filled(3, 'p')),
            serverFrame(0x81, filled(300, 'b')),
            serverFrame(0x01, filled(70_000, 'c')),
            serverFrame(0x80, filled(0, 'x')));
    FrameReader reader = new FrameReader(true);

    for (byte b : stream) {
      reader.feed(ByteBuffer.wrap(new byte[] {b}), listener);
    }

    assertThat(seen).extracting(Seen::opcode).containsExactly(1, 9, 1, 1, 0);
    assertThat(seen).extracting(Seen::fin).containsExactly(true, true, true, false, true);
    assertThat(seen)
        .as("header and payload, as on the wire")
        .extracting(Seen::wireBytes)
        .containsExactly(102, 5, 304, 70_010, 2);
    assertThat(seen.get(2).payload()).as("a probe keeps the payload").isEqualTo(filled(300, 'b'));
    assertThat(seen.get(3).payload()).isEqualTo(filled(70_000, 'c'));
  }

  @Test
  void manyFramesInOneReadAreAllSeen() throws Exception {
    byte[] one = serverFrame(0x81, filled(100, 'a'));
    FrameReader reader = new FrameReader(false);

    reader.feed(ByteBuffer.wrap(concat(one, one, one, one)), listener);

    assertThat(seen).as("four frames gathered in one write").hasSize(4);
  }

  @Test
  void aSinkLearnsDataSizesButKeepsOnlyControlPayloads() throws Exception {
    FrameReader reader = new FrameReader(false);

    reader.feed(
        ByteBuffer.wrap(
            concat(serverFrame(0x81, filled(100, 'a')), serverFrame(0x89, filled(4, 'p')))),
        listener);

    assertThat(seen.get(0).payload()).as("a sink does not copy data").isNull();
    assertThat(seen.get(0).length()).isEqualTo(100);
    assertThat(seen.get(1).payload())
        .as("a ping must be answered with its bytes")
        .isEqualTo(filled(4, 'p'));
  }

  @Test
  void aMaskedServerFrameIsAProtocolError() {
    FrameReader reader = new FrameReader(false);

    assertThatThrownBy(
            () -> reader.feed(ByteBuffer.wrap(new byte[] {(byte) 0x81, (byte) 0x85}), listener))
        .isInstanceOf(FrameReader.ProtocolException.class)
        .hasMessageContaining("masked");
  }

  @Test
  void aControlFrameOver125BytesIsAProtocolError() {
    FrameReader reader = new FrameReader(false);

    assertThatThrownBy(
            () ->
                reader.feed(
                    ByteBuffer.wrap(new byte[] {(byte) 0x89, 126, 0, (byte) 200}), listener))
        .isInstanceOf(FrameReader.ProtocolException.class)
        .hasMessageContaining("length");
  }

  static byte[] serverFrame(int firstByte, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(firstByte);
    int n = payload.length;
    if (n < 126) {
      out.write(n);
    } else if (n < 65_536) {
      out.write(126);
      out.write(n >>> 8);
      out.write(n);
    } else {
      out.write(127);
      out.writeBytes(ByteBuffer.allocate(8).putLong(n).array());
    }
    out.writeBytes(payload);
    return out.toByteArray();
  }

  static byte[] filled(int length, char c) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) c);
    return bytes;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
