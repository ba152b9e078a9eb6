package org.chatharness.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jetty.websocket.core.OpCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Server frames as RFC 6455 (section 5.2, the examples of 5.7) has them: unmasked, the three length
 * encodings, and a long message split into fragments the way Jetty's own auto-fragmentation splits
 * it.
 */
@Timeout(10)
class FrameEncoderTest {

  @Test
  void aCloseFrameCarriesItsCodeAndAReasonCutAtACharacterToFitAControlFrame() {
    ByteBuffer frame = OutboundMessage.close(1008, "rate limit exceeded").frames(Long.MAX_VALUE);
    assertThat(frame.get(0) & 0xFF).as("FIN and the close opcode").isEqualTo(0x88);
    assertThat(frame.get(1)).isEqualTo((byte) (2 + "rate limit exceeded".length()));
    assertThat(frame.getShort(2)).isEqualTo((short) 1008);

    // 62 two-byte characters are 124 bytes: one more than a close frame leaves for its reason.
    ByteBuffer cut = OutboundMessage.close(1008, "é".repeat(62)).frames(Long.MAX_VALUE);
    assertThat(cut.get(1)).as("2 bytes of code and 61 whole characters").isEqualTo((byte) 124);
    byte[] reason = new byte[122];
    cut.get(4, reason);
    assertThat(new String(reason, StandardCharsets.UTF_8)).isEqualTo("é".repeat(61));
  }

  @Test
  void helloIsTheRfcsOwnExampleOfAnUnmaskedTextFrame() {
    ByteBuffer frame =
        FrameEncoder.frame(OpCode.TEXT, ByteBuffer.wrap("Hello".getBytes(StandardCharsets.UTF_8)));
    assertThat(bytes(frame))
        .as("RFC 6455 5.7: a single-frame unmasked text message")
        .containsExactly(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f);
  }

  @Test
  void lengthsUpTo125FitTheFirstLengthByte() {
    assertThat(header(FrameEncoder.frame(OpCode.TEXT, ByteBuffer.allocate(125)), 2))
        .containsExactly(0x81, 125);
    assertThat(FrameEncoder.headerLength(125)).isEqualTo(2);
  }

  @Test
  void lengthsFrom126To65535TakeTwoMoreBytes() {
    assertThat(header(FrameEncoder.frame(OpCode.TEXT, ByteBuffer.allocate(126)), 4))
        .containsExactly(0x81, 126, 0x00, 126);
    assertThat(header(FrameEncoder.frame(OpCode.BINARY, ByteBuffer.allocate(256)), 4))
        .as("RFC 6455 5.7: 256 bytes binary in a single unmasked frame")
        .containsExactly(0x82, 0x7E, 0x01, 0x00);
    assertThat(FrameEncoder.headerLength(65_535)).isEqualTo(4);
  }

  @Test
  void longerLengthsTakeEightMoreBytes() {
    assertThat(header(FrameEncoder.frame(OpCode.BINARY, ByteBuffer.allocate(65_536)), 10))
        .as("RFC 6455 5.7: 64 KiB binary in a single unmasked frame")
        .containsExactly(0x82, 0x7F, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00);
  }

  @Test
  void framingLeavesThePayloadBufferAsItWas() {
    ByteBuffer payload = ByteBuffer.wrap(new byte[] {1, 2, 3});
    FrameEncoder.frame(OpCode.TEXT, payload);
    FrameEncoder.fragments(OpCode.TEXT, payload, 1);
    assertThat(payload.remaining()).as("the shared payload is only read").isEqualTo(3);
  }

  @Test
  void aPayloadLongerThanTheLargestFrameIsSplitIntoContinuationFrames() {
    byte[] text = "abcdefghij".getBytes(StandardCharsets.US_ASCII);
    List<Parsed> frames = parse(FrameEncoder.fragments(OpCode.TEXT, ByteBuffer.wrap(text), 4));
    assertThat(frames)
        .as("a text frame without FIN, a continuation, and a last continuation with FIN")
        .containsExactly(
            new Parsed(false, OpCode.TEXT, "abcd"),
            new Parsed(false, OpCode.CONTINUATION, "efgh"),
            new Parsed(true, OpCode.CONTINUATION, "ij"));
  }

  @Test
  void aPayloadThatFitsOneFrameIsNotSplit() {
    byte[] text = "abcd".getBytes(StandardCharsets.US_ASCII);
    assertThat(parse(FrameEncoder.fragments(OpCode.TEXT, ByteBuffer.wrap(text), 4)))
        .containsExactly(new Parsed(true, OpCode.TEXT, "abcd"));
  }

  @Test
  void aControlFrameIsNeverSplit() {
    byte[] data = "ping data".getBytes(StandardCharsets.US_ASCII);
    assertThat(parse(FrameEncoder.fragments(OpCode.PONG, ByteBuffer.wrap(data), 2)))
        .as("RFC 6455 5.5: control frames must not be fragmented")
        .containsExactly(new Parsed(true, OpCode.PONG, "ping data"));
  }

  @Test
  void fragmentsOfLargeMessagesUseTheLengthEncodingOfTheirOwnSize() {
    ByteBuffer payload = ByteBuffer.allocate(70_000);
    List<Parsed> frames = parse(FrameEncoder.fragments(OpCode.TEXT, payload, 65_536));
    assertThat(frames).hasSize(2);
    assertThat(frames.get(0).text().length()).isEqualTo(65_536);
    assertThat(frames.get(1).text().length()).isEqualTo(70_000 - 65_536);
  }

  /** One frame as a client reads it. */
  private record Parsed(boolean fin, int opCode, String text) {}

  /** Reads unmasked frames the way any client does, independently of the encoder. */
  private static List<Parsed> parse(ByteBuffer frames) {
    ByteBuffer in = frames.duplicate();
    List<Parsed> parsed = new ArrayList<>();
    while (in.hasRemaining()) {
      int b0 = in.get() & 0xFF;
      int b1 = in.get() & 0xFF;
      assertThat(b1 & 0x80).as("a server frame is never masked").isZero();
      assertThat(b0 & 0x70).as("no extension bits").isZero();
      long length = b1 & 0x7F;
      if (length == 126) {
        length = in.getShort() & 0xFFFF;
      } else if (length == 127) {
        length = in.getLong();
      }
      byte[] payload = new byte[(int) length];
      in.get(payload);
      parsed.add(
          new Parsed(
              (b0 & 0x80) != 0, b0 & 0x0F, new String(payload, StandardCharsets.ISO_8859_1)));
    }
    return parsed;
  }

  private static int[] bytes(ByteBuffer buffer) {
    ByteBuffer in = buffer.duplicate();
    int[] out = new int[in.remaining()];
    for (int i = 0; i < out.length; i++) {
      out[i] = in.get() & 0xFF;
    }
    return out;
  }

  private static int[] header(ByteBuffer frame, int length) {
    return Arrays.copyOf(bytes(frame), length);
  }
}
