package org.chatharness.conformance.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.chatharness.conformance.Bounds;
import org.chatharness.conformance.client.V1Client;

/**
 * Two chat.v1 members send at once, and every member must then see the room's one order: the same
 * messages in the same order, their ids increasing.
 */
public final class OneOrder {
  private OneOrder() {}

  /** {@code first} and {@code second} each send {@code each} messages, at the same time. */
  public static void sendAtOnce(V1Client first, V1Client second, int each) throws Exception {
    CompletableFuture<Void> secondSends =
        CompletableFuture.runAsync(() -> sendAll(second, "b", each));
    sendAll(first, "a", each);
    try {
      secondSends.get(Bounds.DELIVERY.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException failed) {
      // The second sender's failure is the check's, with its own message.
      throw new AssertionError("the second sender failed: " + failed.getCause(), failed.getCause());
    }
  }

  private static void sendAll(V1Client client, String prefix, int count) {
    try {
      for (int i = 1; i <= count; i++) {
        client.send(prefix + "-" + i, prefix + " " + i);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Asserts that every one of {@code members} receives {@code count} messages in one order. */
  public static void assertEveryMemberSeesOneOrder(List<V1Client> members, int count)
      throws Exception {
    List<Long> reference = null;
    for (V1Client member : members) {
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        ids.add(member.nextOfType("message").path("id").asLong());
      }
      assertThat(ids).as("ids in the order received").isSorted().doesNotHaveDuplicates();
      if (reference == null) {
        reference = ids;
      } else {
        assertThat(ids).as("every member's order").isEqualTo(reference);
      }
    }
  }
}
