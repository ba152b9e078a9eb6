package org.chatharness.conformance.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.chatharness.conformance.Bounds;
import org.chatharness.conformance.client.PlainClient;

/**
 * Messages sent from several connections at once, each connection's in its own order, and what
 * every receiver must then have seen of them.
 */
public final class Bursts {
  private Bursts() {}

  /**
   * {@code texts} cut into consecutive runs of at most {@code perConnection}: what each of several
   * senders sends when the server limits how many one connection may send at once.
   */
  public static List<List<String>> split(List<String> texts, int perConnection) {
    List<List<String>> runs = new ArrayList<>();
    for (int from = 0; from < texts.size(); from += perConnection) {
      runs.add(texts.subList(from, Math.min(texts.size(), from + perConnection)));
    }
    return runs;
  }

  /**
   * Sends {@code texts.get(i)} from {@code senders.get(i)}, all senders at once, each as fast as it
   * can, and waits until every send is written.
   */
  public static void sendAtOnce(List<PlainClient> senders, List<List<String>> texts)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(senders.size());
    try {
      List<Future<?>> sending = new ArrayList<>();
      for (int i = 0; i < senders.size(); i++) {
        PlainClient sender = senders.get(i);
        List<String> own = texts.get(i);
        sending.add(
            pool.submit(
                () -> {
                  for (String text : own) {
                    sender.send(text);
                  }
                  return null;
                }));
      }
      for (Future<?> sent : sending) {
        try {
          sent.get(Bounds.DELIVERY.toMillis() * 6, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          throw new AssertionError("a sender failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
          throw new AssertionError("a sender could not write its messages in time");
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Asserts that {@code received} is {@code reference}, without {@code own} (the receiver's own
   * texts) unless {@code echo}: every receiver sees the server's one order.
   */
  public static void assertSameOrder(
      String receiver,
      List<String> received,
      List<String> reference,
      List<String> own,
      boolean echo) {
    List<String> expected =
        echo ? reference : reference.stream().filter(text -> !own.contains(text)).toList();
    assertThat(received)
        .as("the order at %s is the order every client sees", receiver)
        .containsExactlyElementsOf(expected);
  }
}
