package org.chatharness.server.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Client text in a log line stays on that line and looks like what it is. */
@Timeout(10)
class LogTextTest {

  @Test
  void lineBreaksOfEveryKindAreWrittenAsEscapes() {
    assertThat(LogText.escape("a\nb\rc\u0085d\u2028e\u2029f"))
        .isEqualTo("a\\nb\\rc\\u0085d\\u2028e\\u2029f");
  }

  @Test
  void terminalControlsAndBidirectionalOverridesAreEscaped() {
    assertThat(LogText.escape("\u001b[2J\u009b1m\u202eevil\u2066"))
        .isEqualTo("\\u001b[2J\\u009b1m\\u202eevil\\u2066");
  }

  @Test
  void aBackslashIsDoubledSoAnEscapeCannotBeFaked() {
    assertThat(LogText.escape("\\n")).isEqualTo("\\\\n");
  }

  @Test
  void ordinaryTextIsLeftAsItIs() {
    String text = "https://chat.example.com héllo 你好";
    assertThat(LogText.escape(text)).isSameAs(text);
    assertThat(LogText.escape(null)).isNull();
  }

  @Test
  void longTextIsCutAndMarked() {
    assertThat(LogText.escape("x".repeat(1000))).hasSize(LogText.MAX_CHARS + 1).endsWith("x…");
  }
}
