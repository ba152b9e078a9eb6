package org.chatharness.load.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.chatharness.load.protocol.V1Protocol.Frame;
import org.chatharness.load.protocol.V1Protocol.Replayed;
import org.chatharness.server.codec.ChatMessage;
import org.chatharness.server.codec.ClientMessage;
import org.chatharness.server.codec.ProtocolError;
import org.chatharness.server.codec.V1Codec;
import org.junit.jupiter.api.Test;

/** The v1 load protocol against the server's own codec: what it writes, the server reads. */
class V1ProtocolTest {
  private static final long ID = 1_764_092_521_000_007L;
  private final V1Protocol v1 = new V1Protocol("run1");

  @Test
  void theServerReadsTheJoinWithAndWithoutSince() throws ProtocolError {
    assertThat(V1Codec.parse(v1.joinText(7)))
        .isEqualTo(new ClientMessage.Join("load-7", "load-key-run1-00000007", null));
    assertThat(V1Codec.parse(v1.joinText(7, ID)))
        .isEqualTo(new ClientMessage.Join("load-7", "load-key-run1-00000007", ID));
  }

  @Test
  void aSendCarriesItsNumberInTheTextAndTheCidAndHasTheAskedSize() throws ProtocolError {
    String send = v1.encode(12345, 100);

    assertThat(send).hasSize(100);
    ClientMessage.Send parsed = (ClientMessage.Send) V1Codec.parse(send);
    assertThat(parsed.cid()).isEqualTo("run1-12345").isEqualTo(v1.cid(12345));
    assertThat(parsed.text()).startsWith("#12345#");
  }

  @Test
  void aDeliveredMessageGivesItsNumberAndId() {
    String frame = serverMessage(ID, 42);

    assertThat(v1.frameOf(frame)).isEqualTo(Frame.MESSAGE);
    assertThat(v1.sequenceOf(frame)).isEqualTo(42);
    assertThat(v1.idOf(frame)).isEqualTo(ID);
  }

  @Test
  void anAckGivesTheNumberOfItsCidItsIdAndWhetherItWasADuplicate() {
    String ack = V1Codec.ack(v1.cid(42), ID, false).text();
    String again = V1Codec.ack(v1.cid(42), ID, true).text();

    assertThat(v1.frameOf(ack)).isEqualTo(Frame.ACK);
    assertThat(v1.ackedSequence(ack)).isEqualTo(42);
    assertThat(v1.idOf(ack)).isEqualTo(ID);
    assertThat(v1.isDuplicateAck(ack)).isFalse();
    assertThat(v1.isDuplicateAck(again)).isTrue();
    assertThat(v1.sequenceOf(ack)).as("an ack is not a delivery").isEqualTo(-1);
  }

  @Test
  void framesOfAnotherRunOrWithoutANumberAreNotTestMessages() {
    V1Protocol other = new V1Protocol("run2");
    String foreign = V1Codec.ack(other.cid(42), ID, false).text();
    String chat = V1Codec.message(new ChatMessage(ID, 1L, "alice", "hello", null)).text();

    assertThat(v1.ackedSequence(foreign)).isEqualTo(-1);
    assertThat(v1.sequenceOf(chat)).isEqualTo(-1);
    assertThat(v1.sequenceOf("#12#")).as("plain text is no v1 message").isEqualTo(-1);
  }

  @Test
  void welcomeAndHistoryAreParsed() {
    String welcome = V1Codec.welcome("load", "load-1", List.of("load-1"), ID, 100, 65536).text();
    String history =
        V1Codec.history(
                List.of(
                    new ChatMessage(ID + 1, 1L, "load-2", v1.text(3, 10), v1.cid(3)),
                    new ChatMessage(ID + 2, 1L, null, "hello", null)),
                true)
            .text();

    assertThat(v1.isJoined(welcome)).isTrue();
    assertThat(v1.frameOf(welcome)).isEqualTo(Frame.WELCOME);
    assertThat(v1.welcomeLastId(welcome)).isEqualTo(ID);
    assertThat(v1.frameOf(history)).isEqualTo(Frame.HISTORY);
    assertThat(v1.sequenceOf(history)).as("only live messages count as deliveries").isEqualTo(-1);
    V1Protocol.History parsed = v1.history(history);
    assertThat(parsed.gap()).isTrue();
    assertThat(parsed.messages())
        .containsExactly(new Replayed(ID + 1, 3), new Replayed(ID + 2, -1));
  }

  @Test
  void presenceIsReadAsTheServerWritesItInSmallAndLargeRooms() {
    String small = V1Codec.presence("join", "load-7", List.of("load-3", "load-7")).text();
    String large = V1Codec.presenceChanges(List.of("load-8"), List.of("load-3", "guest")).text();
    String welcome =
        V1Codec.welcome("r", "load-7", List.of("load-3", "load-7"), ID, 100, 65536).text();

    assertThat(v1.frameOf(small)).isEqualTo(Frame.PRESENCE);
    assertThat(v1.presence(small))
        .isEqualTo(
            new V1Protocol.Presence(List.of("load-3", "load-7"), List.of("load-7"), List.of()));
    assertThat(v1.frameOf(large)).isEqualTo(Frame.PRESENCE);
    assertThat(v1.presence(large))
        .isEqualTo(new V1Protocol.Presence(null, List.of("load-8"), List.of("load-3", "guest")));
    assertThat(v1.welcomeOnline(welcome)).containsExactly("load-3", "load-7");
    assertThat(v1.userIdOf("load-8")).isEqualTo(8);
    assertThat(v1.userIdOf("guest")).isEqualTo(-1);
    assertThat(v1.userIdOf("load-x")).isEqualTo(-1);
  }

  @Test
  void anErrorNamesTheNumberOfItsCid() {
    String error =
        V1Codec.error(new ProtocolError("not_sent", "broker unavailable", v1.cid(9))).text();

    assertThat(v1.frameOf(error)).isEqualTo(Frame.ERROR);
    assertThat(v1.erroredSequence(error)).isEqualTo(9);
  }

  @Test
  void isKnownByItsName() {
    assertThat(ChatProtocol.named("v1")).isInstanceOf(V1Protocol.class);
    assertThat(ChatProtocol.named("v1").subprotocol()).isEqualTo("chat.v1");
  }

  private String serverMessage(long id, long seq) {
    return V1Codec.message(new ChatMessage(id, 1L, "load-1", v1.text(seq, 50), v1.cid(seq))).text();
  }
}
