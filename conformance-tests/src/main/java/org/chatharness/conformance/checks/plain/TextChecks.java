package org.chatharness.conformance.checks.plain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.chatharness.conformance.Clients;
import org.chatharness.conformance.TargetResolver;
import org.chatharness.conformance.checks.PlainRoom;
import org.chatharness.conformance.checks.Profiles;
import org.chatharness.conformance.client.PlainClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Texts pass through unchanged: any Unicode, any size up to the server's limit, always as text
 * frames. The receiving client decodes strictly (invalid UTF-8 fails the connection), so equal
 * strings are equal bytes.
 */
@Tag(Profiles.PLAIN)
@ExtendWith(TargetResolver.class)
@Timeout(60)
class TextChecks {
  private static final int SIXTY_KIB = 60 * 1024;

  private static final List<String> UNICODE =
      List.of(
          "你好，世界！这是一条中文消息。",
          "🎉😀👍🏽 👨‍👩‍👧‍👦 🇩🇪",
          "mixed: héllo wörld — 你好 🎉 <b>not html</b> & \"quotes\" \\ tab\there",
          // The edges of each UTF-8 length: U+007F, U+0080, U+07FF, U+0800, U+FFFD, U+10000,
          // U+10FFFF.
          "edges \u007f \u0080 \u07ff \u0800 \ufffd \ud800\udc00 \udbff\udfff");

  @Test
  @DisplayName("Chinese, emoji and mixed texts arrive byte-identical, as text frames")
  void chineseEmojiAndMixedTextsArriveByteIdenticalAsTextFrames(Clients clients) throws Exception {
    PlainRoom room = new PlainRoom(clients);
    List<PlainClient> members = room.joinReady(2);
    List<String> sent = UNICODE.stream().map(room::text).toList();

    for (String text : sent) {
      members.get(0).send(text);
    }

    for (PlainClient receiver : receivers(clients, members)) {
      for (String expected : sent) {
        String received = room.next(receiver);
        assertThat(received.getBytes(StandardCharsets.UTF_8))
            .as("the UTF-8 bytes of \"%s\" as received", expected)
            .isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  @DisplayName("a 60 KiB message arrives intact at every client")
  void aSixtyKibMessageArrivesIntactAtEveryClient(Clients clients) throws Exception {
    long limit = clients.target().maxMessageSize();
    assumeTrue(
        limit == 0 || limit >= SIXTY_KIB,
        "the server declares a limit of " + limit + " bytes (chat.maxMessageSize)");
    PlainRoom room = new PlainRoom(clients);
    List<PlainClient> members = room.joinReady(3);
    String text = sixtyKib(room.text("large "));

    members.get(0).send(text);

    for (PlainClient receiver : receivers(clients, members)) {
      String received = room.next(receiver);
      assertThat(received.length()).as("characters received").isEqualTo(text.length());
      assertThat(received).as("the 60 KiB message as received").isEqualTo(text);
    }
  }

  /** Exactly 60 KiB of UTF-8: the prefix, then a pattern of 1-, 2-, 3- and 4-byte characters. */
  private static String sixtyKib(String prefix) {
    StringBuilder text = new StringBuilder(prefix);
    String pattern = "abc é 你 🎉 ";
    int bytes = prefix.getBytes(StandardCharsets.UTF_8).length;
    int patternBytes = pattern.getBytes(StandardCharsets.UTF_8).length;
    while (bytes + patternBytes <= SIXTY_KIB) {
      text.append(pattern);
      bytes += patternBytes;
    }
    text.append("x".repeat(SIXTY_KIB - bytes));
    return text.toString();
  }

  /** The clients that must receive a message from the first: all, or all but it (no echo). */
  private static List<PlainClient> receivers(Clients clients, List<PlainClient> members) {
    return clients.target().echo() ? members : members.subList(1, members.size());
  }
}
