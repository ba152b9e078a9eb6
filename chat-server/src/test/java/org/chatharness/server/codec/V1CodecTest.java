package org.chatharness.server.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.IntStream;
import org.chatharness.server.room.Room;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What chat.v1 presence events carry (the list in small rooms, the changes in large ones), and a
 * history that must fit a byte budget.
 */
@Timeout(5)
class V1CodecTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void presenceListsWhoIsOnlineInRoomsUpToTheLimit() throws Exception {
    JsonNode event = json(V1Codec.presence("join", "n1", names(Room.PRESENCE_LIST_LIMIT)));
    assertThat(event.get("event").asText()).isEqualTo("join");
    assertThat(event.get("name").asText()).isEqualTo("n1");
    assertThat(event.get("online")).hasSize(Room.PRESENCE_LIST_LIMIT);
  }

  @Test
  void presenceChangesOfALargerRoomNameWhoCameAndWhoWent() throws Exception {
    JsonNode event = json(V1Codec.presenceChanges(List.of("n7", "n9"), List.of("n2")));
    assertThat(event.get("event").asText()).isEqualTo("changes");
    assertThat(event.get("joined")).extracting(JsonNode::asText).containsExactly("n7", "n9");
    assertThat(event.get("left")).extracting(JsonNode::asText).containsExactly("n2");
    assertThat(event.has("online")).as("no list: n joins would cost n² names").isFalse();
  }

  @Test
  void aHistoryKeepsTheNewestMessagesThatFitAndCallsTheRestAGap() throws Exception {
    List<ChatMessage> five =
        IntStream.rangeClosed(1, 5)
            .mapToObj(i -> new ChatMessage(i, 1000 + i, "al", "m" + i + "x".repeat(100), null))
            .toList();
    int all = V1Codec.history(five, false, Long.MAX_VALUE).size();
    JsonNode whole = json(V1Codec.history(five, false, all));
    assertThat(whole.get("messages")).as("exactly enough room: all of them").hasSize(5);
    assertThat(whole.get("gap").asBoolean()).isFalse();

    JsonNode cut = json(V1Codec.history(five, false, all - 1));
    assertThat(cut.get("messages"))
        .extracting(m -> m.get("id").asLong())
        .as("one byte short: the oldest is left out")
        .containsExactly(2L, 3L, 4L, 5L);
    assertThat(cut.get("gap").asBoolean()).isTrue();
    assertThat(V1Codec.history(five, false, all - 1).size()).isLessThanOrEqualTo(all - 1);

    JsonNode none = json(V1Codec.history(five, false, 10));
    assertThat(none.get("messages")).isEmpty();
    assertThat(none.get("gap").asBoolean()).isTrue();
    assertThat(json(V1Codec.history(List.of(), true, 1000)).get("gap").asBoolean())
        .as("a gap from before stays a gap")
        .isTrue();
  }

  private static List<String> names(int count) {
    return IntStream.rangeClosed(1, count).mapToObj(i -> "n" + i).toList();
  }

  private static JsonNode json(org.chatharness.server.outbound.OutboundMessage message)
      throws Exception {
    return JSON.readTree(message.text());
  }
}
