package org.chatharness.server.support;

import java.util.List;
import org.chatharness.server.codec.Protocol;
import org.chatharness.server.fanout.Member;
import org.chatharness.server.outbound.OutboundQueue;

/**
 * A member of a room for unit tests: a real bounded {@link OutboundQueue} writing to a {@link
 * RecordingSession}, so a test reads what the member was sent; it counts the closes a room asks
 * for.
 */
public final class TestMember implements Member {
  private final Protocol protocol;
  private final OutboundQueue outbound;
  private final RecordingSession session = new RecordingSession();
  private final String name;
  private final String owner;
  private volatile int slowConsumerCloses;
  private volatile int missedCloses;

  private TestMember(Protocol protocol, String name, String owner, long queueBytes) {
    this.protocol = protocol;
    this.name = name;
    this.owner = owner;
    this.outbound = new OutboundQueue(queueBytes);
    outbound.attach(session);
  }

  /** A plain member with a queue of {@code queueBytes}. */
  public static TestMember plain(long queueBytes) {
    return new TestMember(Protocol.PLAIN, null, null, queueBytes);
  }

  /** A chat.v1 member named {@code name}, with the key digest {@code owner} (may be null). */
  public static TestMember v1(String name, String owner, long queueBytes) {
    return new TestMember(Protocol.V1, name, owner, queueBytes);
  }

  /** What the member was sent, in order. */
  public List<String> received() {
    return session.texts();
  }

  /** The session it writes to. */
  public RecordingSession session() {
    return session;
  }

  public int slowConsumerCloses() {
    return slowConsumerCloses;
  }

  public int missedCloses() {
    return missedCloses;
  }

  @Override
  public OutboundQueue outbound() {
    return outbound;
  }

  @Override
  public Protocol protocol() {
    return protocol;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String owner() {
    return owner;
  }

  @Override
  public void onSlowConsumer() {
    slowConsumerCloses++;
    outbound.close();
  }

  @Override
  public void onMissedMessages() {
    missedCloses++;
  }
}
