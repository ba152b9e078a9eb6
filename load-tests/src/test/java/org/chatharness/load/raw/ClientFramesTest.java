package org.chatharness.load.raw;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client's frames must be what RFC 6455 says a server accepts. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ClientFramesTest {

  @Test
  void aShortTextFrameIsMaskedWithTheKeyInNetworkOrder() {
    ByteBuffer out = ByteBuffer.allocate(16);
    ClientFrames.write(
        out, ClientFrames.TEXT, "Hi".getBytes(StandardCharsets.US_ASCII), 2, 0x01020304);
    out.flip();

    assertThat(bytes(out))
        .as("FIN+text, MASK+length 2, the key, then H^01 and i^02")
        .containsExactly(0x81, 0x82, 0x01, 0x02, 0x03, 0x04, 'H' ^ 0x01, 'i' ^ 0x02);
  }

  @Test
  void payloadsOf126BytesAndMoreTakeTheExtendedLengths() {
    ByteBuffer medium = ByteBuffer.allocate(200);
    ClientFrames.write(medium, ClientFrames.TEXT, new byte[126], 126, 0);
    ByteBuffer large = ByteBuffer.allocate(ClientFrames.MAX_FRAME_BYTES);
    ClientFrames.write(large, ClientFrames.TEXT, new byte[65_536], 65_536, 0);

    assertThat(bytes(medium.flip())).as("126: 16-bit length").startsWith(0x81, 0xFE, 0x00, 0x7E);
    assertThat(medium.limit()).isEqualTo(2 + 2 + 4 + 126);
    assertThat(bytes(large.flip()))
        .as("65536: 64-bit length")
        .startsWith(0x81, 0xFF, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00);
    assertThat(large.limit()).isEqualTo(2 + 8 + 4 + 65_536);
  }

  @Test
  void maskingTwiceGivesThePayloadBack() {
    byte[] payload = "#17 3 123456789 ........".getBytes(StandardCharsets.US_ASCII);
    ByteBuffer out = ByteBuffer.allocate(64);
    ClientFrames.write(out, ClientFrames.TEXT, payload, payload.length, 0xCAFEBABE);
    int[] frame = bytes(out.flip());

    byte[] unmasked = new byte[payload.length];
    for (int i = 0; i < payload.length; i++) {
      unmasked[i] = (byte) (frame[6 + i] ^ frame[2 + (i & 3)]);
    }
    assertThat(unmasked).as("the server's unmasking restores the text").isEqualTo(payload);
  }

  @Test
  void aCloseFrameCarriesItsCodeAndAPongItsPingsPayload() {
    int[] close = bytes(ClientFrames.close(1000, 0));
    int[] pong = bytes(ClientFrames.pong(new byte[] {7, 8}, 2, 0));

    assertThat(close).as("close 1000, mask 0").containsExactly(0x88, 0x82, 0, 0, 0, 0, 0x03, 0xE8);
    assertThat(pong).as("pong with the ping's bytes").containsExactly(0x8A, 0x82, 0, 0, 0, 0, 7, 8);
  }

  @Test
  void aServerFrameIsTwoFourOrTenBytesLongerThanItsPayload() {
    assertThat(ClientFrames.serverFrameBytes(100)).isEqualTo(102);
    assertThat(ClientFrames.serverFrameBytes(125)).isEqualTo(127);
    assertThat(ClientFrames.serverFrameBytes(126)).isEqualTo(130);
    assertThat(ClientFrames.serverFrameBytes(65_536)).isEqualTo(65_546);
  }

  static int[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    int[] out = new int[copy.remaining()];
    for (int i = 0; i < out.length; i++) {
      out[i] = copy.get() & 0xFF;
    }
    return out;
  }
}
