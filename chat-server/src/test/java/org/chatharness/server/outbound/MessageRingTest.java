package org.chatharness.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The queue's ring: order kept across wrap-around and growth, and a write's view kept stable. */
@Timeout(10)
class MessageRingTest {

  @Test
  void anEmptyRingHoldsNoArray() {
    MessageRing ring = new MessageRing();
    assertThat(ring.size()).isZero();
    assertThat(ring.slots()).as("an idle session's ring costs no array").isEmpty();
  }

  @Test
  void messagesComeOutInOrderAcrossWrapAroundAndGrowth() {
    MessageRing ring = new MessageRing();
    int next = 0;
    int expected = 0;
    for (int round = 0; round < 20; round++) {
      for (int i = 0; i < round % 5 + 1; i++) {
        ring.addLast(OutboundMessage.ofText(Integer.toString(next++)));
      }
      int take = Math.min(ring.size(), round % 3 + 1);
      for (int i = 0; i < take; i++) {
        assertThat(ring.get(i).text()).isEqualTo(Integer.toString(expected + i));
      }
      ring.dropFirst(take);
      expected += take;
    }
    assertThat(texts(ring)).as("the rest, still in order").hasSize(next - expected);
    assertThat(texts(ring).get(0)).isEqualTo(Integer.toString(expected));
  }

  @Test
  void aWritesViewOfTheFrontSurvivesTheRingGrowingBehindIt() {
    MessageRing ring = new MessageRing();
    ring.addLast(OutboundMessage.ofText("in flight"));
    ring.addLast(OutboundMessage.ofText("also in flight"));
    OutboundMessage[] taken = ring.slots();
    int head = ring.head();
    for (int i = 0; i < 10; i++) {
      ring.addLast(OutboundMessage.ofText("later " + i));
    }
    assertThat(MessageRing.at(taken, head, 0).text()).isEqualTo("in flight");
    assertThat(MessageRing.at(taken, head, 1).text()).isEqualTo("also in flight");
  }

  @Test
  void truncateKeepsTheFrontAndDropsTheRest() {
    MessageRing ring = new MessageRing();
    for (String text : new String[] {"a", "b", "c", "d"}) {
      ring.addLast(OutboundMessage.ofText(text));
    }
    ring.truncate(1);
    assertThat(texts(ring)).containsExactly("a");
    ring.addLast(OutboundMessage.ofText("e"));
    assertThat(texts(ring)).containsExactly("a", "e");
  }

  private static List<String> texts(MessageRing ring) {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < ring.size(); i++) {
      texts.add(ring.get(i).text());
    }
    return texts;
  }
}
