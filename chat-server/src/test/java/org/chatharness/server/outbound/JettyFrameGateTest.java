package org.chatharness.server.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.OutgoingEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A socket takes one write at a time: the frames Jetty sends for a session itself (pings, closes)
 * go on only between two of the queue's writes, before its next, and none of the queue's starts
 * while one of Jetty's is in flight. The socket here is a recording writer and a recording frame
 * flusher, each completing its writes when the test says.
 */
@Timeout(10)
class JettyFrameGateTest {
  private final List<String> socket = new ArrayList<>();
  private final HeldWrites queueWrites = new HeldWrites();
  private final HeldWrites jettyWrites = new HeldWrites();
  private final JettyFrameGate gate = new JettyFrameGate();
  private final OutboundQueue queue = new OutboundQueue(1000);

  @BeforeEach
  void wire() {
    gate.setNextOutgoingFrames(
        entry -> {
          assertThat(entry.isBatch()).as("Jetty's frame goes out at once, not batched").isFalse();
          socket.add(OpCode.name(entry.getFrame().getOpCode()));
          jettyWrites.hold(entry.getCallback());
        });
  }

  @Test
  void jettysFramesPassStraightOnBeforeTheSessionOpens() {
    Counted own = jettySends(OpCode.PING);
    assertThat(socket).containsExactly("PING");
    jettyWrites.completeAll();
    assertThat(own.succeeded).hasValue(1);
  }

  @Test
  void aFrameOfJettysWaitsForTheWriteInFlightAndGoesBeforeWhatIsQueued() {
    queue.attach(new Recording(), gate);
    send("first");
    send("second");
    jettySends(OpCode.PING);
    assertThat(socket).as("the ping waits for the write in flight").containsExactly("first");

    queueWrites.completeAll();
    assertThat(socket)
        .as("the ping goes next, and nothing of the queue's while it is in flight")
        .containsExactly("first", "PING");

    jettyWrites.completeAll();
    assertThat(socket).containsExactly("first", "PING", "second");
  }

  @Test
  void noWriteOfTheQueuesStartsWhileAFrameOfJettysIsInFlight() {
    queue.attach(new Recording(), gate);
    Counted own = jettySends(OpCode.PING);
    send("after");
    assertThat(socket).containsExactly("PING");

    jettyWrites.completeAll();
    assertThat(own.succeeded).as("Jetty's own callback is called").hasValue(1);
    assertThat(socket).containsExactly("PING", "after");
  }

  @Test
  void nothingOfTheQueuesFollowsACloseFrame() {
    queue.attach(new Recording(), gate);
    send("in flight");
    send("queued");
    Counted own = jettySends(OpCode.CLOSE);
    assertThat(queue.offer(OutboundMessage.ofText("late")))
        .as("after a close frame the queue takes nothing")
        .isEqualTo(OutboundQueue.Offer.CLOSED);

    queueWrites.completeAll();
    jettyWrites.completeAll();
    assertThat(socket)
        .as("the write in flight ends, the close follows, what was queued is dropped")
        .containsExactly("in flight", "CLOSE");
    assertThat(own.succeeded).hasValue(1);
    assertThat(queue.pendingBytes()).isZero();
  }

  @Test
  void theSessionsOwnCloseIsTheLastFrameAndJettysAnswerToTheClientsCloseIsNotWritten() {
    queue.attach(new Recording(), gate);
    send("in flight");
    send("queued");
    assertThat(queue.closeWith(OutboundMessage.close(1008, "rate limit exceeded"))).isTrue();
    assertThat(queue.offer(OutboundMessage.ofText("late"))).isEqualTo(OutboundQueue.Offer.CLOSED);

    queueWrites.completeAll();
    assertThat(socket)
        .as("the write in flight ends, the close follows, what was queued is dropped")
        .containsExactly("in flight", "CLOSE 1008 rate limit exceeded");
    queueWrites.completeAll();

    // The client answers; Jetty answers that in turn, and closes the socket once its frame is done.
    Counted answer = jettySends(OpCode.CLOSE);
    Counted ping = jettySends(OpCode.PING);
    assertThat(socket).as("only one close frame").hasSize(2);
    assertThat(answer.succeeded).as("Jetty may close the socket now").hasValue(1);
    assertThat(ping.failed).hasValue(1);
    assertThat(queue.pendingBytes()).isZero();
  }

  @Test
  void aCloseOfJettysFirstIsNotFollowedByTheSessionsOwn() {
    queue.attach(new Recording(), gate);
    jettySends(OpCode.CLOSE);
    assertThat(queue.closeWith(OutboundMessage.close(1008, "too late")))
        .as("Jetty's close is under way: a second is not sent")
        .isFalse();
    jettyWrites.completeAll();
    queueWrites.completeAll();
    assertThat(socket).containsExactly("CLOSE");
  }

  @Test
  void withoutTheGateTheCloseIsLeftToJetty() {
    assertThat(queue.closeWith(OutboundMessage.close(1008, "no session yet"))).isFalse();
    queue.attach(new Recording(), null);
    assertThat(queue.closeWith(OutboundMessage.close(1008, "through Jetty's session"))).isFalse();
    assertThat(queue.offer(OutboundMessage.ofText("still open")))
        .isEqualTo(OutboundQueue.Offer.ACCEPTED);
  }

  @Test
  void aFailedFrameOfJettysIsReportedToItsOwnerAndTheQueueGoesOn() {
    queue.attach(new Recording(), gate);
    Counted own = jettySends(OpCode.PING);
    send("next");
    jettyWrites.failAll();
    assertThat(own.failed).hasValue(1);
    assertThat(socket).containsExactly("PING", "next");
  }

  @Test
  void aWriteThatEndsBeforeItsWriterReturnsDoesNotStallTheQueue() {
    // A write flusher may call back inside the write call itself.
    queue.attach(
        new FrameWriter(queue) {
          @Override
          boolean write(OutboundMessage[] ring, int head, int count, FrameViews views) {
            record(ring, head, count);
            succeeded();
            return false;
          }
        },
        gate);
    send("one");
    send("two");
    assertThat(socket).containsExactly("one", "two");
    assertThat(queue.pendingBytes()).isZero();
  }

  @Test
  void aFailedWriteClosesTheQueue() {
    queue.attach(
        new FrameWriter(queue) {
          @Override
          boolean write(OutboundMessage[] ring, int head, int count, FrameViews views) {
            failed(new java.io.IOException("connection reset"));
            return false;
          }
        },
        gate);
    send("lost with the connection");
    assertThat(queue.offer(OutboundMessage.ofText("more"))).isEqualTo(OutboundQueue.Offer.CLOSED);
    assertThat(queue.pendingBytes()).isZero();
  }

  private void send(String text) {
    assertThat(queue.offer(OutboundMessage.ofText(text))).isEqualTo(OutboundQueue.Offer.ACCEPTED);
    queue.flush();
  }

  /** The queue's writer: records the texts and holds the write until the test completes it. */
  private final class Recording extends FrameWriter {
    Recording() {
      super(queue);
    }

    @Override
    boolean write(OutboundMessage[] ring, int head, int count, FrameViews views) {
      record(ring, head, count);
      queueWrites.hold(this);
      return false;
    }
  }

  private void record(OutboundMessage[] ring, int head, int count) {
    for (int i = 0; i < count; i++) {
      OutboundMessage message = MessageRing.at(ring, head, i);
      if (message.opCode() == OpCode.CLOSE) {
        java.nio.ByteBuffer payload = message.frames(125).position(2);
        int code = payload.getShort();
        socket.add("CLOSE " + code + " " + java.nio.charset.StandardCharsets.UTF_8.decode(payload));
      } else {
        socket.add(message.text());
      }
    }
  }

  /** Jetty sends a frame of its own through the gate; returns the frame's callback. */
  private Counted jettySends(byte opCode) {
    Counted own = new Counted();
    gate.sendFrame(new OutgoingEntry.Builder(new Frame(opCode), own).build());
    return own;
  }

  /** Writes held until the test completes (or fails) them, as a busy socket would. */
  private static final class HeldWrites {
    private final List<Callback> held = new ArrayList<>();

    void hold(Callback done) {
      held.add(done);
    }

    void completeAll() {
      List<Callback> now = new ArrayList<>(held);
      held.clear();
      now.forEach(Callback::succeeded);
    }

    void failAll() {
      List<Callback> now = new ArrayList<>(held);
      held.clear();
      now.forEach(done -> done.failed(new java.io.IOException("write failed")));
    }
  }

  /** A frame owner's callback, counted. */
  private static final class Counted implements Callback {
    final AtomicInteger succeeded = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();

    @Override
    public void succeeded() {
      succeeded.incrementAndGet();
    }

    @Override
    public void failed(Throwable cause) {
      failed.incrementAndGet();
    }
  }
}
