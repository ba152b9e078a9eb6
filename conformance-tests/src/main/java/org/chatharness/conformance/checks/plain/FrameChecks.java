package org.chatharness.conformance.checks.plain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.chatharness.conformance.Clients;
import org.chatharness.conformance.TargetResolver;
import org.chatharness.conformance.checks.PlainRoom;
import org.chatharness.conformance.checks.Profiles;
import org.chatharness.conformance.client.PlainClient;
import org.chatharness.conformance.client.RawWebSocket;
import org.chatharness.conformance.client.RawWebSocket.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6455 at the frame level, in the style of the Autobahn test suite: raw frames, each case
 * naming the rule it checks (section numbers of the RFC). After every case two new clients still
 * chat, so no case disturbs the server.
 */
@Tag(Profiles.PLAIN)
@ExtendWith(TargetResolver.class)
@Timeout(30)
class FrameChecks {
  private RawWebSocket raw;

  @BeforeEach
  void connect(Clients clients) throws IOException {
    raw = clients.raw();
  }

  @AfterEach
  void theServerStillServes(Clients clients) throws Exception {
    raw.close();
    PlainRoom room = new PlainRoom(clients);
    List<PlainClient> pair = room.joinReady(2);
    String text = room.text("after the case");
    pair.get(0).send(text);
    assertThat(room.next(pair.get(1)))
        .as("after the case, the server still serves new clients")
        .isEqualTo(text);
  }

  @Test
  @DisplayName("5.5.2/5.5.3: a ping is answered by one pong carrying its payload")
  void aPingIsAnsweredByOnePongCarryingItsPayload() throws Exception {
    byte[] data = "ping-data".getBytes(StandardCharsets.UTF_8);
    raw.send(true, RawWebSocket.PING, data);
    raw.send(true, RawWebSocket.PING, new byte[0]);
    raw.send(true, RawWebSocket.PING, "third".getBytes(StandardCharsets.UTF_8));

    assertThat(nextPong().payload()).as("the first pong's payload").isEqualTo(data);
    assertThat(nextPong().payload()).as("the second pong's payload").isEmpty();
    assertThat(nextPong().text())
        .as("the third pong: exactly one pong per ping")
        .isEqualTo("third");
  }

  @Test
  @DisplayName("5.5: a ping with 125 bytes, the most a control frame may carry, is answered")
  void aPingWith125BytesIsAnswered() throws Exception {
    raw.send(true, RawWebSocket.PING, new byte[125]);
    assertThat(nextPong().payload()).hasSize(125);
  }

  @Test
  @DisplayName("5.5: a control frame with more than 125 bytes is a protocol error (1002)")
  void aPingWith126BytesIsAProtocolError() throws Exception {
    raw.send(true, RawWebSocket.PING, new byte[126]);
    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1002);
  }

  @Test
  @DisplayName("5.5.3: an unsolicited pong is ignored")
  void anUnsolicitedPongIsIgnored() throws Exception {
    raw.send(true, RawWebSocket.PONG, "unsolicited".getBytes(StandardCharsets.UTF_8));
    raw.send(true, RawWebSocket.PING, "still open".getBytes(StandardCharsets.UTF_8));
    assertThat(nextPong().text()).isEqualTo("still open");
  }

  @Test
  @DisplayName("5.5: a fragmented control frame is a protocol error (1002)")
  void aFragmentedPingIsAProtocolError() throws Exception {
    raw.send(false, RawWebSocket.PING, new byte[] {1});
    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1002);
  }

  @ParameterizedTest(name = "rsv={0}")
  @ValueSource(ints = {1, 2, 4, 7})
  @DisplayName("5.2: reserved bits set without a negotiated extension are a protocol error (1002)")
  void reservedBitsWithoutAnExtensionAreAProtocolError(int rsv) throws Exception {
    raw.sendFrame(true, rsv, RawWebSocket.TEXT, "x".getBytes(StandardCharsets.UTF_8), true);
    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1002);
  }

  @ParameterizedTest(name = "opcode={0}")
  @ValueSource(ints = {0x3, 0x7, 0xB, 0xF})
  @DisplayName("5.2: a reserved opcode is a protocol error (1002)")
  void reservedOpcodesAreAProtocolError(int opcode) throws Exception {
    raw.send(true, opcode, new byte[0]);
    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1002);
  }

  @Test
  @DisplayName("5.1: an unmasked frame from a client is a protocol error (1002)")
  void anUnmaskedFrameFromTheClientIsAProtocolError() throws Exception {
    raw.sendFrame(true, 0, RawWebSocket.TEXT, "plain".getBytes(StandardCharsets.UTF_8), false);
    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1002);
  }

  @Test
  @DisplayName("5.4: a continuation frame with no message started is a protocol error (1002)")
  void aContinuationWithoutAStartIsAProtocolError() throws Exception {
    raw.send(true, RawWebSocket.CONTINUATION, "orphan".getBytes(StandardCharsets.UTF_8));
    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1002);
  }

  @Test
  @DisplayName(
      "5.4: a new data frame inside an unfinished fragmented one is a protocol error (1002)")
  void aNewMessageInsideAFragmentedOneIsAProtocolError() throws Exception {
    raw.send(false, RawWebSocket.TEXT, "first ".getBytes(StandardCharsets.UTF_8));
    raw.send(true, RawWebSocket.TEXT, "second".getBytes(StandardCharsets.UTF_8));
    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1002);
  }

  @Test
  @DisplayName(
      "5.4: a ping between fragments is answered, and the message arrives whole at the others")
  void aPingBetweenFragmentsIsAnsweredAndTheMessageArrivesWhole(Clients clients) throws Exception {
    PlainRoom room = new PlainRoom(clients);
    PlainClient listener = room.joinReady(1).get(0);
    String start = room.text("frag");
    raw.send(false, RawWebSocket.TEXT, start.getBytes(StandardCharsets.UTF_8));
    raw.send(true, RawWebSocket.PING, "mid".getBytes(StandardCharsets.UTF_8));
    raw.send(false, RawWebSocket.CONTINUATION, "men".getBytes(StandardCharsets.UTF_8));
    raw.send(true, RawWebSocket.CONTINUATION, "ted".getBytes(StandardCharsets.UTF_8));

    assertThat(nextPong().text()).as("the pong of the ping between fragments").isEqualTo("mid");
    assertThat(room.next(listener)).as("the message, whole").isEqualTo(start + "mented");
  }

  @Test
  @DisplayName("5.6/8.1: an overlong UTF-8 encoding in a text message closes with 1007")
  void anOverlongUtf8EncodingClosesWith1007() throws Exception {
    raw.send(true, RawWebSocket.TEXT, new byte[] {(byte) 0xC0, (byte) 0xAF});
    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1007);
  }

  @Test
  @DisplayName("8.1: a UTF-16 surrogate encoded in UTF-8 closes with 1007")
  void anEncodedSurrogateClosesWith1007() throws Exception {
    raw.send(true, RawWebSocket.TEXT, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1007);
  }

  @Test
  @DisplayName("8.1: invalid UTF-8 in a later fragment closes with 1007")
  void invalidUtf8InALaterFragmentClosesWith1007() throws Exception {
    raw.send(false, RawWebSocket.TEXT, "good start ".getBytes(StandardCharsets.UTF_8));
    raw.send(
        true,
        RawWebSocket.CONTINUATION,
        new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80});
    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1007);
  }

  @Test
  @DisplayName(
      "5.5.1: a close with a valid code is answered with a close, then the TCP connection ends")
  void aCloseWithAValidCodeIsEchoedAndTheConnectionEnds() throws Exception {
    raw.send(true, RawWebSocket.CLOSE, closePayload(1000, "bye"));
    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1000);
    assertThat(endOfStream(raw)).as("the server ended the TCP connection").isTrue();
  }

  @Test
  @DisplayName("5.5.1: a close with no payload is answered with a close")
  void anEmptyCloseIsAnswered() throws Exception {
    raw.send(true, RawWebSocket.CLOSE, new byte[0]);
    assertThat(raw.readUntilClose().opcode()).isEqualTo(RawWebSocket.CLOSE);
  }

  @ParameterizedTest(name = "code={0}")
  @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535})
  @DisplayName(
      "7.4: a close code that must not be sent (1005, 1006, 1015), reserved or out of range is a"
          + " protocol error (1002)")
  void aCloseWithAnInvalidCodeIsAProtocolError(int code) throws Exception {
    raw.send(true, RawWebSocket.CLOSE, closePayload(code, ""));
    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1002);
  }

  @ParameterizedTest(name = "code={0}")
  @ValueSource(ints = {1000, 1001, 1003, 1007, 1011, 3000, 4000, 4999})
  @DisplayName("7.4.2: a close with a valid code (3000-4999 included) is answered with a close")
  void aCloseWithAValidCodeIsEchoed(int code) throws Exception {
    raw.send(true, RawWebSocket.CLOSE, closePayload(code, ""));
    assertThat(raw.readUntilClose().opcode()).isEqualTo(RawWebSocket.CLOSE);
  }

  @Test
  @DisplayName("5.5.1: a close payload of one byte (half a code) is a protocol error (1002)")
  void aCloseWithAOneBytePayloadIsAProtocolError() throws Exception {
    raw.send(true, RawWebSocket.CLOSE, new byte[] {0x03});
    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1002);
  }

  @Test
  @DisplayName("5.5.1: a close reason that is not UTF-8 closes with 1007")
  void aCloseReasonThatIsNotUtf8ClosesWith1007() throws Exception {
    ByteBuffer payload =
        ByteBuffer.allocate(4).putShort((short) 1000).put((byte) 0xC3).put((byte) 0x28);
    raw.send(true, RawWebSocket.CLOSE, payload.array());
    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1007);
  }

  @Test
  @DisplayName("5.5.1: data a client sends after its close is not broadcast")
  void dataAfterACloseIsNotBroadcast(Clients clients) throws Exception {
    PlainRoom room = new PlainRoom(clients);
    PlainClient listener = room.joinReady(1).get(0);
    raw.send(true, RawWebSocket.CLOSE, closePayload(1000, ""));
    raw.sendText(room.text("after close"));
    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1000);

    String end = room.mark("end");
    assertThat(room.receiveUntil(listener, end))
        .as("what the others received: not the data after the close")
        .containsExactly(end);
  }

  @Test
  @DisplayName("5.2: a 64-bit length with its most significant bit set is refused (1002 or 1009)")
  void a64BitLengthWithTheTopBitSetIsRefused() throws Exception {
    ByteBuffer frame = ByteBuffer.allocate(14);
    frame.put((byte) 0x81).put((byte) (0x80 | 127)).putLong(Long.MIN_VALUE + 5).putInt(0);
    raw.sendBytes(frame.array());
    assertThat(raw.readUntilClose().closeCode()).isIn(1002, 1009);
  }

  /** The next pong, skipping the room's messages meanwhile. */
  private Frame nextPong() throws IOException {
    while (true) {
      Frame frame = raw.read();
      if (frame.opcode() == RawWebSocket.PONG) {
        return frame;
      }
      assertThat(frame.opcode())
          .as("a frame while waiting for a pong")
          .isNotEqualTo(RawWebSocket.CLOSE);
    }
  }

  private static byte[] closePayload(int code, String reason) {
    byte[] text = reason.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(2 + text.length).putShort((short) code).put(text).array();
  }

  private static boolean endOfStream(RawWebSocket socket) throws IOException {
    try {
      return socket.input().read() == -1;
    } catch (EOFException | SocketException closed) {
      return true;
    }
  }
}
