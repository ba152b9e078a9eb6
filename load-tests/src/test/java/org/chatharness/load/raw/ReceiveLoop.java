package org.chatharness.load.raw;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.List;

/**
 * One thread that reads many connections through one selector and hands the bytes to their {@link
 * Receiver}s. Thousands of sinks share a loop; probes get their own, so their clocks are not read
 * behind a thousand sinks' reads of the same message.
 */
final class ReceiveLoop implements AutoCloseable {
  private static final int READ_BUFFER_BYTES = 64 * 1024;

  private final Selector selector;
  private final Thread thread;
  private volatile boolean running = true;

  /** Registers every receiver (their channels are switched to non-blocking) and starts reading. */
  ReceiveLoop(String name, List<Receiver> receivers) throws IOException {
    selector = Selector.open();
    for (Receiver receiver : receivers) {
      receiver.channel().configureBlocking(false);
      receiver.channel().register(selector, SelectionKey.OP_READ, receiver);
    }
    thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    ByteBuffer buffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    try {
      while (running) {
        selector.select(100);
        for (SelectionKey key : selector.selectedKeys()) {
          read(key, buffer);
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException | RuntimeException e) {
      for (SelectionKey key : selector.keys()) {
        ((Receiver) key.attachment()).gone("receive loop failed: " + e);
      }
    }
  }

  private void read(SelectionKey key, ByteBuffer buffer) {
    Receiver receiver = (Receiver) key.attachment();
    if (!key.isValid()) {
      return;
    }
    try {
      buffer.clear();
      int n = receiver.channel().read(buffer);
      if (n < 0) {
        receiver.gone("closed by the server");
        key.cancel();
        return;
      }
      buffer.flip();
      receiver.onRead(buffer, receiver.isProbe() ? System.nanoTime() : 0);
    } catch (IOException e) {
      receiver.gone(e.toString());
      key.cancel();
    }
  }

  /** Stops reading; the connections stay open. */
  @Override
  public void close() throws InterruptedException, IOException {
    running = false;
    selector.wakeup();
    thread.join(5_000);
    selector.close();
  }
}
