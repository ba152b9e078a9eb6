import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The floor of the chat server's send path on this machine: what one {@code write} of a small
 * WebSocket frame to a loopback socket costs the writing core, with no server code around it.
 *
 * <p>The writer does what the server's fan-out does at its least: every interval it writes one
 * pre-encoded 102-byte frame (2-byte header, 100-byte payload) to each of N connected sockets, one
 * {@code write} system call each, from one thread. The reader, another process on the other core,
 * accepts the N connections and reads everything with one selector, as a load generator would. The
 * writer's CPU time per write is what any server pays per delivered message before its own code.
 *
 * <pre>
 * taskset -c 1 java load-tests/bench/LoopbackWriteFloor.java reader 18099 &
 * taskset -c 0 java load-tests/bench/LoopbackWriteFloor.java writer 18099 1000 40 30
 * </pre>
 */
public class LoopbackWriteFloor {
  public static void main(String[] args) throws Exception {
    if (args.length >= 2 && args[0].equals("reader")) {
      reader(Integer.parseInt(args[1]));
    } else if (args.length >= 5 && args[0].equals("writer")) {
      writer(
          Integer.parseInt(args[1]),
          Integer.parseInt(args[2]),
          Double.parseDouble(args[3]),
          Integer.parseInt(args[4]),
          args.length > 5 ? Integer.parseInt(args[5]) : 100,
          args.length > 6 ? Integer.parseInt(args[6]) : 1);
    } else {
      System.err.println(
          "usage: reader PORT | writer PORT CONNECTIONS MESSAGES_PER_S SECONDS [PAYLOAD_BYTES [FRAMES_PER_WRITE]]");
      System.exit(2);
    }
  }

  static void reader(int port) throws Exception {
    try (Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress("127.0.0.1", port), 4096);
      server.configureBlocking(false);
      server.register(selector, SelectionKey.OP_ACCEPT);
      ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
      long bytes = 0;
      while (true) {
        selector.select();
        for (SelectionKey key : selector.selectedKeys()) {
          if (key.isAcceptable()) {
            SocketChannel channel = server.accept();
            if (channel != null) {
              channel.configureBlocking(false);
              channel.register(selector, SelectionKey.OP_READ);
            }
          } else if (key.isReadable()) {
            buffer.clear();
            int n = ((SocketChannel) key.channel()).read(buffer);
            if (n < 0) {
              key.cancel();
              key.channel().close();
            } else {
              bytes += n;
            }
          }
        }
        selector.selectedKeys().clear();
      }
    }
  }

  static void writer(int port, int connections, double rate, int seconds, int payload, int gather)
      throws Exception {
    List<SocketChannel> channels = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
      channel.configureBlocking(false);
      channel.socket().setTcpNoDelay(true);
      channels.add(channel);
    }
    // FRAMES_PER_WRITE frames go out in one write, as when messages queued behind a write in flight.
    ByteBuffer frame = ByteBuffer.allocateDirect((2 + payload) * gather);
    for (int f = 0; f < gather; f++) {
      frame.put((byte) 0x81).put((byte) payload);
      for (int b = 0; b < payload; b++) {
        frame.put((byte) 'x');
      }
    }
    frame.flip();
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long interval = (long) (1e9 * gather / rate);
    // Warm up, then measure.
    for (int phase = 0; phase < 2; phase++) {
      int messages = (int) ((phase == 0 ? Math.min(rate * 5, 200) : rate * seconds) / gather);
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      long writes = 0;
      long next = t0;
      for (int m = 0; m < messages; m++) {
        for (SocketChannel channel : channels) {
          ByteBuffer view = frame.duplicate();
          channel.write(view);
          writes++;
        }
        next += interval;
        long sleep = next - System.nanoTime();
        if (sleep > 0) {
          Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
        }
      }
      long cpu = os.getProcessCpuTime() - cpu0;
      double wall = (System.nanoTime() - t0) / 1e9;
      if (phase == 1) {
        System.out.printf(
            Locale.ROOT,
            "%d connections, %.0f messages/s, %d s, %d frame(s) per write: %.0f writes/s,"
                + " %.0f deliveries/s, writer CPU %.1f%% of a core, %.2f µs per write, %.2f µs per"
                + " delivery%n",
            connections,
            rate,
            seconds,
            gather,
            writes / wall,
            writes * gather / wall,
            100.0 * cpu / 1e9 / wall,
            cpu / 1e3 / writes,
            cpu / 1e3 / writes / gather);
      }
    }
    for (SocketChannel channel : channels) {
      channel.close();
    }
  }
}
