package org.chatharness.load.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PlainProtocolTest {
  private final ChatProtocol plain = ChatProtocol.named("plain");

  @Test
  void aMessageCarriesItsNumberAndHasTheAskedSize() {
    String text = plain.encode(12345, 100);

    assertThat(text).hasSize(100).startsWith("#12345#");
    assertThat(plain.sequenceOf(text)).isEqualTo(12345);
  }

  @Test
  void aShortSizeStillCarriesTheWholeNumber() {
    assertThat(plain.encode(987654321, 1)).isEqualTo("#987654321#");
  }

  @Test
  void textsThatAreNotTestMessagesCarryNoNumber() {
    assertThat(plain.sequenceOf("hello")).isEqualTo(-1);
    assertThat(plain.sequenceOf("#12")).isEqualTo(-1);
    assertThat(plain.sequenceOf("##")).isEqualTo(-1);
    assertThat(plain.sequenceOf("#1a#")).isEqualTo(-1);
  }

  @Test
  void anUnknownProtocolIsRefusedWithTheKnownNames() {
    assertThatThrownBy(() -> ChatProtocol.named("v2"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("known: plain, v1");
  }
}
