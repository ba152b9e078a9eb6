package org.chatharness.server.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What chat.v1 presence events carry, by room size. */
class V1CodecTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void presence_lists_who_is_online_in_rooms_up_to_the_limit() throws Exception {
    JsonNode event = json(V1Codec.presence("join", "n1", names(V1Codec.PRESENCE_LIST_LIMIT)));
    assertThat(event.get("event").asText()).isEqualTo("join");
    assertThat(event.get("name").asText()).isEqualTo("n1");
    assertThat(event.get("online")).hasSize(V1Codec.PRESENCE_LIST_LIMIT);
  }

  @Test
  void presence_in_a_larger_room_says_only_what_changed() throws Exception {
    JsonNode event = json(V1Codec.presence("leave", "n7", names(V1Codec.PRESENCE_LIST_LIMIT + 1)));
    assertThat(event.get("event").asText()).isEqualTo("leave");
    assertThat(event.get("name").asText()).isEqualTo("n7");
    assertThat(event.has("online")).as("no list: n joins would cost n² names").isFalse();
  }

  private static List<String> names(int count) {
    return IntStream.rangeClosed(1, count).mapToObj(i -> "n" + i).toList();
  }

  private static JsonNode json(org.chatharness.server.outbound.OutboundMessage message)
      throws Exception {
    return JSON.readTree(message.text());
  }
}
