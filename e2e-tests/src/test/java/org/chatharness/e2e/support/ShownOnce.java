package org.chatharness.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import org.chatharness.e2e.support.ChatPage.Item;

/**
 * The check most chat.v1 scenarios end with, on each page: every message sent is shown exactly
 * once, and delivered, with an id of its own (so none is left pending or failed), and nothing else
 * is, not even a notice that messages were missed.
 *
 * <pre>{@code
 * for (ChatPage page : List.of(alice, bob)) {
 *   ShownOnce.inOrder(page, List.of("before", "during", "after"));
 * }
 * }</pre>
 */
public final class ShownOnce {
  private ShownOnce() {}

  /**
   * Waits until every one of {@code texts} is delivered on {@code page}, then checks that its
   * messages are exactly {@code texts}, in that order, each with an id of its own, and that it
   * shows no gap notice; returns the messages.
   */
  public static List<Item> inOrder(ChatPage page, List<String> texts) {
    page.waitForMessages(texts);
    List<Item> shown = page.messageItems();
    assertThat(shown)
        .as("messages on %s's page, in the room's order", page.browser().name())
        .extracting(Item::text)
        .containsExactlyElementsOf(texts);
    return deliveredAndNothingElse(page, shown);
  }

  /** As {@link #inOrder}, in any order: for messages sent at once from several pages. */
  public static List<Item> inAnyOrder(ChatPage page, Collection<String> texts) {
    page.waitForMessages(texts);
    List<Item> shown = page.messageItems();
    assertThat(shown)
        .as("messages on %s's page", page.browser().name())
        .extracting(Item::text)
        .containsExactlyInAnyOrderElementsOf(texts);
    return deliveredAndNothingElse(page, shown);
  }

  private static List<Item> deliveredAndNothingElse(ChatPage page, List<Item> shown) {
    String name = page.browser().name();
    assertThat(shown)
        .as("pending or failed messages on %s's page", name)
        .noneMatch(item -> item.isPending() || item.isFailed());
    assertThat(shown)
        .as("ids of the messages on %s's page: one each", name)
        .extracting(Item::id)
        .doesNotContainNull()
        .doesNotHaveDuplicates();
    assertThat(page.gaps()).as("missed-messages notices on %s's page", name).isEmpty();
    return shown;
  }
}
