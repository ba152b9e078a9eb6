package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.chatharness.server.support.Harness;
import org.chatharness.server.support.RawWebSocket;
import org.chatharness.server.support.RawWebSocket.Frame;
import org.chatharness.server.support.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Protocol conformance in the style of the Autobahn test suite (which needs Python 2 and cannot run
 * here): raw frames against a running server, each case naming the RFC 6455 rule it checks. After
 * every case a well-behaved client still chats, so no case disturbs the server.
 */
@Timeout(30)
class ConformanceTest {
  private Harness h;
  private RawWebSocket raw;

  @BeforeEach
  void start() throws Exception {
    h = Harness.start(ServerConfig.forTests());
    raw = RawWebSocket.connect(h.ws("/"), 0);
  }

  @AfterEach
  void stillServes() throws Exception {
    try {
      raw.close();
      TestClient a = h.connect("/");
      TestClient b = h.connect("/");
      a.send("after the case");
      assertThat(b.next()).as("the server still serves normal clients").isEqualTo("after the case");
    } finally {
      h.close();
    }
  }

  // 5.5.2 / 5.5.3: a Ping is answered by a Pong with the same application data.
  @Test
  void aPingIsAnsweredWithAPongCarryingItsPayload() throws Exception {
    byte[] data = "ping-data".getBytes(StandardCharsets.UTF_8);
    raw.send(true, RawWebSocket.PING, data);
    raw.send(true, RawWebSocket.PING, new byte[0]);
    raw.sendText("marker");
    Frame pong = raw.read();
    assertThat(pong.opcode()).isEqualTo(RawWebSocket.PONG);
    assertThat(pong.payload()).isEqualTo(data);
    Frame empty = raw.read();
    assertThat(empty.opcode()).isEqualTo(RawWebSocket.PONG);
    assertThat(empty.payload()).isEmpty();
    assertThat(raw.read().text()).as("exactly one pong per ping").isEqualTo("marker");
  }

  // 5.5: control frames may carry up to 125 bytes.
  @Test
  void aPingWith125BytesIsAnswered() throws Exception {
    raw.send(true, RawWebSocket.PING, new byte[125]);
    assertThat(raw.read().payload()).hasSize(125);
  }

  // 5.5: a control frame with more than 125 bytes is a protocol error (1002).
  @Test
  void aPingWith126BytesIsAProtocolError() throws Exception {
    raw.send(true, RawWebSocket.PING, new byte[126]);
    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1002);
  }

  // 5.5.3: an unsolicited Pong may be sent and needs no answer.
  @Test
  void anUnsolicitedPongIsIgnored() throws Exception {
    raw.send(true, RawWebSocket.PONG, "unsolicited".getBytes(StandardCharsets.UTF_8));
    raw.sendText("still open");
    assertThat(raw.read().text()).isEqualTo("still open");
  }

  // 5.5: control frames must not be fragmented.
  @Test
  void aFragmentedPingIsAProtocolError() throws Exception {
    raw.send(false, RawWebSocket.PING, new byte[] {1});
    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1002);
  }

  // 5.2: reserved bits must be 0 unless an extension defines them; none is negotiated here.
  @ParameterizedTest(name = "rsv={0}")
  @ValueSource(ints = {1, 2, 4, 7})
  void reservedBitsWithoutAnExtensionAreAProtocolError(int rsv) throws Exception {
    raw.sendFrame(true, rsv, RawWebSocket.TEXT, "x".getBytes(StandardCharsets.UTF_8), true);
    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1002);
  }

  // 5.2: reserved opcodes (3-7 data, B-F control) are a protocol error.
  @ParameterizedTest(name = "opcode={0}")
  @ValueSource(ints = {0x3, 0x7, 0xB, 0xF})
  void reservedOpcodesAreAProtocolError(int opcode) throws Exception {
    raw.send(true, opcode, new byte[0]);
    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1002);
  }

  // 5.1: a client must mask every frame it sends; the server closes on an unmasked one.
  @Test
  void anUnmaskedFrameFromTheClientIsAProtocolError() throws Exception {
    raw.sendFrame(true, 0, RawWebSocket.TEXT, "plain".getBytes(StandardCharsets.UTF_8), false);
    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1002);
  }

  // 5.4: a continuation frame with no message started is a protocol error.
  @Test
  void aContinuationWithoutAStartIsAProtocolError() throws Exception {
    raw.send(true, RawWebSocket.CONTINUATION, "orphan".getBytes(StandardCharsets.UTF_8));
    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1002);
  }

  // 5.4: a new data frame while a fragmented message is unfinished is a protocol error.
  @Test
  void aNewMessageInsideAFragmentedOneIsAProtocolError() throws Exception {
    raw.send(false, RawWebSocket.TEXT, "first ".getBytes(StandardCharsets.UTF_8));
    raw.send(true, RawWebSocket.TEXT, "second".getBytes(StandardCharsets.UTF_8));
    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1002);
  }

  // 5.4: control frames may be injected between fragments; the message arrives whole.
  @Test
  void aPingBetweenFragmentsIsAnsweredAndTheMessageArrivesWhole() throws Exception {
    raw.send(false, RawWebSocket.TEXT, "frag".getBytes(StandardCharsets.UTF_8));
    raw.send(true, RawWebSocket.PING, "mid".getBytes(StandardCharsets.UTF_8));
    raw.send(false, RawWebSocket.CONTINUATION, "men".getBytes(StandardCharsets.UTF_8));
    raw.send(true, RawWebSocket.CONTINUATION, "ted".getBytes(StandardCharsets.UTF_8));
    Frame pong = raw.read();
    assertThat(pong.opcode()).isEqualTo(RawWebSocket.PONG);
    assertThat(new String(pong.payload(), StandardCharsets.UTF_8)).isEqualTo("mid");
    Frame message = raw.read();
    assertThat(message.opcode()).isEqualTo(RawWebSocket.TEXT);
    assertThat(message.text()).isEqualTo("fragmented");
  }

  // 5.6 / 8.1: text must be valid UTF-8; otherwise close 1007.
  @Test
  void anOverlongUtf8EncodingClosesWith1007() throws Exception {
    raw.send(true, RawWebSocket.TEXT, new byte[] {(byte) 0xC0, (byte) 0xAF});
    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1007);
  }

  // 8.1: a UTF-16 surrogate encoded in UTF-8 is invalid.
  @Test
  void anEncodedSurrogateClosesWith1007() throws Exception {
    raw.send(true, RawWebSocket.TEXT, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1007);
  }

  // 8.1: invalid UTF-8 is detected even when the bad byte arrives in a later fragment.
  @Test
  void invalidUtf8InALaterFragmentClosesWith1007() throws Exception {
    raw.send(false, RawWebSocket.TEXT, "good start ".getBytes(StandardCharsets.UTF_8));
    raw.send(
        true,
        RawWebSocket.CONTINUATION,
        new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80});
    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1007);
  }

  // 5.5.1: a Close with a valid code is answered with a Close, and the server closes the TCP
  // connection.
  @Test
  void aCloseWithAValidCodeIsEchoedAndTheConnectionEnds() throws Exception {
    raw.send(true, RawWebSocket.CLOSE, closePayload(1000, "bye"));
    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1000);
    assertThat(endOfStream(raw)).isTrue();
  }

  // 5.5.1: a Close with no payload is answered with a Close.
  @Test
  void anEmptyCloseIsAnswered() throws Exception {
    raw.send(true, RawWebSocket.CLOSE, new byte[0]);
    assertThat(raw.readUntilClose().opcode()).isEqualTo(RawWebSocket.CLOSE);
  }

  // 7.4: codes that must not appear on the wire (1005, 1006, 1015), reserved and out-of-range codes
  // are a protocol error.
  @ParameterizedTest(name = "code={0}")
  @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535})
  void aCloseWithAnInvalidCodeIsAProtocolError(int code) throws Exception {
    raw.send(true, RawWebSocket.CLOSE, closePayload(code, ""));
    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1002);
  }

  // 7.4.2: 3000-4999 are for libraries and applications and are valid.
  @ParameterizedTest(name = "code={0}")
  @ValueSource(ints = {1000, 1001, 1003, 1007, 1011, 3000, 4000, 4999})
  void aCloseWithAValidCodeIsEchoed(int code) throws Exception {
    raw.send(true, RawWebSocket.CLOSE, closePayload(code, ""));
    assertThat(raw.readUntilClose().opcode()).isEqualTo(RawWebSocket.CLOSE);
  }

  // 5.5.1: a close payload, if any, starts with a two-byte code; one byte is a protocol error.
  @Test
  void aCloseWithAOneBytePayloadIsAProtocolError() throws Exception {
    raw.send(true, RawWebSocket.CLOSE, new byte[] {0x03});
    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1002);
  }

  // 5.5.1: the close reason is UTF-8; invalid UTF-8 there closes with 1007.
  @Test
  void aCloseReasonThatIsNotUtf8ClosesWith1007() throws Exception {
    ByteBuffer payload =
        ByteBuffer.allocate(4).putShort((short) 1000).put((byte) 0xC3).put((byte) 0x28);
    raw.send(true, RawWebSocket.CLOSE, payload.array());
    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1007);
  }

  // 5.5.1: after sending a Close, an endpoint sends no more data; frames after the client's Close
  // are ignored.
  @Test
  void dataAfterACloseIsNotBroadcast() throws Exception {
    TestClient listener = h.connect("/");
    raw.send(true, RawWebSocket.CLOSE, closePayload(1000, ""));
    raw.sendText("after close");
    assertThat(raw.readUntilClose().closeCode()).isEqualTo(1000);
    assertThat(listener.poll(java.time.Duration.ofMillis(300))).isNull();
  }

  // 5.2: a 64-bit length must have its most significant bit 0.
  @Test
  void a64BitLengthWithTheTopBitSetIsRefused() throws Exception {
    ByteBuffer frame = ByteBuffer.allocate(14);
    frame.put((byte) 0x81).put((byte) (0x80 | 127)).putLong(Long.MIN_VALUE + 5).putInt(0);
    raw.sendBytes(frame.array());
    assertThat(raw.readUntilClose().closeCode()).isIn(1002, 1009);
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
