package org.chatharness.load.raw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The opening handshake, checked the way RFC 6455 section 4 says a client must. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class HandshakeTest {
  /** RFC 6455 section 1.3's example key and its answer. */
  private final Handshake handshake = new Handshake("dGhlIHNhbXBsZSBub25jZQ==");

  private static final String ACCEPTED =
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";

  @Test
  void theAcceptValueIsTheOneOfTheRfcExample() {
    assertThat(handshake.expectedAccept()).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  }

  @Test
  void theRequestAsksForAPlainUpgradeWithoutSubprotocolOrExtension() {
    String request =
        new String(handshake.request("127.0.0.1:8000", "/"), StandardCharsets.US_ASCII);

    assertThat(request)
        .startsWith("GET / HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n")
        .contains(
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n", "Sec-WebSocket-Version: 13\r\n")
        .endsWith("\r\n\r\n")
        .doesNotContain("Sec-WebSocket-Protocol", "Sec-WebSocket-Extensions", "Origin");
  }

  @Test
  void bytesThatCameWithTheResponseAreHandedOn() throws IOException {
    byte[] response =
        FrameReaderTest.concat(
            ACCEPTED.getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0x81, 1, 'x'});

    ByteBuffer early = handshake.readResponse(new ByteArrayInputStream(response));

    assertThat(ClientFramesTest.bytes(early))
        .as("the first frame, read together with the response")
        .containsExactly(0x81, 1, 'x');
  }

  @Test
  void aResponseSplitIntoSingleBytesIsReadUpToItsEndAndNotBeyond() throws IOException {
    byte[] response =
        FrameReaderTest.concat(
            ACCEPTED.getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0x81, 1, 'x'});
    OneByteAtATime in = new OneByteAtATime(response);

    ByteBuffer early = handshake.readResponse(in);

    assertThat(early.remaining()).as("nothing read past the headers").isZero();
    assertThat(in.readAllBytes()).as("the frame is still there for the receive loop").hasSize(3);
  }

  @Test
  void aRefusalNamesTheStatusLine() {
    String refused = "HTTP/1.1 429 Too Many Requests\r\nContent-Length: 0\r\n\r\n";

    assertThatThrownBy(() -> handshake.readResponse(stream(refused)))
        .isInstanceOf(IOException.class)
        .hasMessage("handshake refused: HTTP/1.1 429 Too Many Requests");
  }

  @Test
  void aWrongAcceptValueIsRefused() {
    String wrong = ACCEPTED.replace("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "bm9wZQ==");

    assertThatThrownBy(() -> handshake.readResponse(stream(wrong)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Sec-WebSocket-Accept");
  }

  @Test
  void aConnectionClosedBeforeTheHeadersEndIsAnError() {
    assertThatThrownBy(() -> handshake.readResponse(stream("HTTP/1.1 101 Switching")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("closed during the handshake");
  }

  private static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
  }

  /** A socket that delivers one byte per read, the worst split there is. */
  private static final class OneByteAtATime extends InputStream {
    private final byte[] bytes;
    private int next;

    OneByteAtATime(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public int read() {
      return next < bytes.length ? bytes[next++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
      if (next == bytes.length) {
        return -1;
      }
      into[offset] = bytes[next++];
      return 1;
    }
  }
}
