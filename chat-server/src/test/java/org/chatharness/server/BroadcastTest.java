package org.chatharness.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.chatharness.server.support.Harness;
import org.chatharness.server.support.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class BroadcastTest {

  @Test
  void everyMessageReachesEveryClientIncludingTheSenderExactlyOnce() throws Exception {
    try (Harness h = Harness.start(ServerConfig.forTests())) {
      List<TestClient> clients = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        clients.add(h.connect("/"));
      }
      clients.get(3).send("hello from 3");

      for (TestClient client : clients) {
        assertThat(client.next()).isEqualTo("hello from 3");
        assertThat(client.poll(Duration.ofMillis(200))).as("no duplicate").isNull();
      }
    }
  }

  @Test
  void concurrentSendersKeepTheirOwnOrderAndEveryClientSeesOneOrder() throws Exception {
    int senders = 5;
    int perSender = 200;
    try (Harness h = Harness.start(Harness.unthrottled(ServerConfig.forTests()))) {
      List<TestClient> clients = new ArrayList<>();
      for (int i = 0; i < senders; i++) {
        clients.add(h.connect("/"));
      }
      TestClient listener = h.connect("/");

      ExecutorService pool = Executors.newFixedThreadPool(senders);
      List<Future<?>> sending = new ArrayList<>();
      for (int s = 0; s < senders; s++) {
        TestClient sender = clients.get(s);
        String name = "s" + s;
        sending.add(
            pool.submit(
                () -> {
                  for (int n = 0; n < perSender; n++) {
                    sender.send(name + ":" + n);
                  }
                  return null;
                }));
      }
      for (Future<?> f : sending) {
        f.get();
      }
      pool.shutdown();

      List<String> reference = listener.next(senders * perSender);
      assertThat(listener.poll(Duration.ofMillis(200))).as("nothing more than was sent").isNull();
      for (int s = 0; s < senders; s++) {
        String prefix = "s" + s + ":";
        List<Integer> own =
            reference.stream()
                .filter(m -> m.startsWith(prefix))
                .map(m -> Integer.parseInt(m.substring(prefix.length())))
                .toList();
        assertThat(own)
            .as("messages of sender %d, in the order sent, each once", s)
            .containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, perSender).boxed().toList());
      }
      for (TestClient client : clients) {
        assertThat(client.next(senders * perSender))
            .as("every client sees the server's one order")
            .containsExactlyElementsOf(reference);
      }
    }
  }

  @Test
  void roomsAreIsolatedAndTheRootPathIsTheDefaultRoom() throws Exception {
    try (Harness h = Harness.start(ServerConfig.forTests())) {
      TestClient lobby = h.connect("/");
      TestClient red1 = h.connect("/rooms/red");
      TestClient red2 = h.connect("/rooms/red");
      TestClient blue = h.connect("/rooms/blue");

      red1.send("in red");
      assertThat(red1.next()).isEqualTo("in red");
      assertThat(red2.next()).isEqualTo("in red");
      lobby.send("in lobby");
      assertThat(lobby.next()).isEqualTo("in lobby");

      assertThat(blue.poll(Duration.ofMillis(300))).as("blue hears nothing").isNull();
      assertThat(red2.poll(Duration.ofMillis(100))).as("red does not hear the lobby").isNull();
    }
  }

  @Test
  void unicodeTextPassesThroughUnchanged() throws Exception {
    try (Harness h = Harness.start(ServerConfig.forTests())) {
      TestClient a = h.connect("/");
      TestClient b = h.connect("/");
      String text = "héllo wörld — 你好 🎉 <b>not html</b>";
      a.send(text);
      assertThat(b.next()).isEqualTo(text);
    }
  }
}
