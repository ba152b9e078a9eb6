package org.chatharness.server.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.websocket.core.exception.BadPayloadException;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Fragments become one message, checked for size and UTF-8 as they arrive. */
@Timeout(5)
class TextAssemblerTest {
  private final TextAssembler assembler = new TextAssembler(8);

  @Test
  void fragmentsMakeOneMessageOnlyWithTheLast() {
    assertThat(assembler.append(bytes("hel"), false)).isNull();
    assertThat(assembler.append(bytes("lo"), true)).isEqualTo("hello");
    assertThat(assembler.append(bytes("next"), true)).as("a fresh start").isEqualTo("next");
  }

  @Test
  void aMessageOverTheLimitIsRefusedBeforeItIsWhole() {
    assembler.append(bytes("12345"), false);
    assertThatThrownBy(() -> assembler.append(bytes("6789"), false))
        .isInstanceOf(MessageTooLargeException.class);
    assertThat(assembler.append(bytes("12345678"), true))
        .as("exactly the limit, after a refusal")
        .isEqualTo("12345678");
  }

  @Test
  void aMultiByteCharacterSplitAcrossFragmentsIsFineAndAnInvalidOneIsNot() {
    byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
    assertThat(assembler.append(ByteBuffer.wrap(euro, 0, 1), false)).isNull();
    assertThat(assembler.append(ByteBuffer.wrap(euro, 1, 2), true)).isEqualTo("€");
    assertThatThrownBy(() -> assembler.append(ByteBuffer.wrap(new byte[] {(byte) 0xC3, 'x'}), true))
        .isInstanceOf(BadPayloadException.class);
    assertThatThrownBy(() -> assembler.append(ByteBuffer.wrap(euro, 0, 2), true))
        .as("ends inside a character")
        .isInstanceOf(BadPayloadException.class);
  }

  private static ByteBuffer bytes(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }
}
