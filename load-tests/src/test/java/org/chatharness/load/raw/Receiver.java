package org.chatharness.load.raw;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One client connection after its handshake: counts the data frames and bytes the server sends it,
 * answers pings and closes as a client must, and hands text to its {@link Probe} when it has one.
 *
 * <p>Reads happen on one receive thread. Writes (a sender's messages, pongs, the close) may come
 * from two threads and are serialised, so a partial write of one frame is never interleaved with
 * another.
 */
final class Receiver implements FrameReader.Listener {
  /** How long a write may wait for a full socket buffer before the server counts as stuck. */
  private static final long WRITE_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final SocketChannel channel;
  private final FrameReader reader;
  private final Probe probe;
  // Written by the receive thread only; volatile so the run can watch progress.
  private volatile long dataBytes;
  // Whole data messages: a fragmented one counts once, at its last frame.
  private volatile long messages;
  private volatile int closeCode = -1;
  private volatile String ended;
  private volatile boolean gone;
  private boolean closeSent;
  private long readNanos;

  /**
   * @param probe the probe that parses this connection's messages, or {@code null} for a sink
   */
  Receiver(SocketChannel channel, Probe probe) {
    this.channel = channel;
    this.probe = probe;
    this.reader = new FrameReader(probe != null);
  }

  SocketChannel channel() {
    return channel;
  }

  boolean isProbe() {
    return probe != null;
  }

  /**
   * Bytes read from the socket, on the receive thread ({@code nowNanos} only matters to probes).
   */
  void onRead(ByteBuffer in, long nowNanos) {
    readNanos = nowNanos;
    try {
      reader.feed(in, this);
    } catch (FrameReader.ProtocolException e) {
      end("protocol error: " + e.getMessage());
    }
  }

  @Override
  public void frame(int opcode, boolean fin, int wireBytes, byte[] payload, int length) {
    switch (opcode) {
      case ClientFrames.TEXT, ClientFrames.BINARY, ClientFrames.CONTINUATION -> {
        // The probe first: the volatile counters publish what it recorded to the thread that
        // waits for every byte and then reads the probes.
        if (probe != null && opcode == ClientFrames.TEXT && fin) {
          probe.onText(payload, length, readNanos);
        }
        if (fin) {
          messages++;
        }
        dataBytes += wireBytes;
      }
      case ClientFrames.PING -> {
        try {
          write(ClientFrames.pong(payload, length, ThreadLocalRandom.current().nextInt()));
        } catch (IOException e) {
          end("pong not sent: " + e.getMessage());
        }
      }
      case ClientFrames.CLOSE -> {
        closeCode = length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        end("closed by the server");
        // A client answers a close with a close (RFC 6455 5.5.1), so the server may let go.
        closeOnce(closeCode == 1005 ? 1000 : closeCode);
      }
      default -> {} // pongs, and opcodes a server should not send: not data
    }
  }

  /** The connection ended for this run (a close, an error); the first reason is kept. */
  void end(String why) {
    if (ended == null) {
      ended = why;
    }
  }

  /** The socket reached its end of stream or failed: nothing more will come. */
  void gone(String why) {
    end(why);
    gone = true;
  }

  /** Sends a close frame unless one was sent already; a failure only ends the connection. */
  void closeOnce(int code) {
    synchronized (this) {
      if (closeSent) {
        return;
      }
      closeSent = true;
    }
    try {
      write(ClientFrames.close(code, ThreadLocalRandom.current().nextInt()));
    } catch (IOException e) {
      gone("close frame not sent: " + e.getMessage());
    }
  }

  /** Writes a whole frame, waiting a bounded time for room in the socket buffer. */
  synchronized void write(ByteBuffer frame) throws IOException {
    long deadline = System.nanoTime() + WRITE_PATIENCE_NANOS;
    while (frame.hasRemaining()) {
      if (channel.write(frame) == 0) {
        if (System.nanoTime() > deadline) {
          throw new IOException("the server took no bytes for 2 s");
        }
        LockSupport.parkNanos(50_000);
      }
    }
  }

  /** Bytes of data frames (text, binary, continuation), headers included. */
  long dataBytes() {
    return dataBytes;
  }

  /** Whole data messages received (the frame with FIN set of each). */
  long messages() {
    return messages;
  }

  /** The code of the server's close frame, 1005 if it had none, -1 if none came. */
  int closeCode() {
    return closeCode;
  }

  /** Why the connection ended, or {@code null} while it is open. */
  String ended() {
    return ended;
  }

  /** Whether the socket itself is finished (end of stream or an error). */
  boolean isGone() {
    return gone;
  }

  /** Probe results, or {@code null} for a sink. */
  Probe probe() {
    return probe;
  }
}
