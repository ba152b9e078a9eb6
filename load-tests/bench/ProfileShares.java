import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Where a delivery's time goes: sorts the samples of an async-profiler CPU profile of the server
 * (collapsed stacks, one {@code frame;frame;... count} per line) into the steps of the send path,
 * each sample into exactly one bucket, and prints each bucket's share; with the server's measured
 * CPU per delivery, also its microseconds per delivery. With an allocation profile and the bytes
 * allocated per delivery (measured apart: the profile's byte totals are estimates from samples), it
 * splits those bytes by type and place.
 *
 * <pre>
 * java load-tests/bench/ProfileShares.java cpu.collapsed US_PER_DELIVERY \
 *     [alloc.collapsed BYTES_PER_DELIVERY]
 * </pre>
 *
 * <p>A kernel sample (frames ending in {@code _[k]}) goes to the first kernel bucket whose frame
 * its stack holds, in the order below; any other sample to the bucket of the frame nearest its leaf
 * that names one (so time in a lock taken by Jetty counts as locks, not as Jetty).
 */
public class ProfileShares {
  private record Bucket(String name, Predicate<String> frame) {}

  /** One line of a collapsed profile: a stack, root first, and its samples (or bytes). */
  private record Stack(String[] frames, long count) {
    static List<Stack> read(Path collapsed) throws IOException {
      return Files.readAllLines(collapsed).stream()
          .map(
              line -> {
                int space = line.lastIndexOf(' ');
                return new Stack(
                    line.substring(0, space).split(";"), Long.parseLong(line.substring(space + 1)));
              })
          .toList();
    }
  }

  private static Predicate<String> any(String... parts) {
    return frame -> {
      for (String part : parts) {
        if (frame.contains(part)) {
          return true;
        }
      }
      return false;
    };
  }

  /** JVM threads of their own, recognised anywhere in the stack. */
  private static final List<Bucket> JVM =
      List.of(
          new Bucket(
              "JVM: garbage collection",
              any(
                  "GenCollectedHeap",
                  "VM_GenCollect",
                  "G1",
                  "ParallelScavenge",
                  "DefNewGeneration")),
          new Bucket("JVM: JIT compiler", any("CompileBroker", "C2Compiler", "Compilation::")));

  /** Kernel samples, by the first of these their stack holds. */
  private static final List<Bucket> KERNEL =
      List.of(
          new Bucket(
              "kernel: waking the receiving process (sock_def_readable)", any("sock_def_readable")),
          new Bucket(
              "kernel: netfilter conntrack (Docker's iptables rules)",
              any("nf_conntrack", "nf_hook_slow", "ipt_do_table", "nf_nat")),
          new Bucket(
              "kernel: the receiver's TCP input, run on this core (loopback softirq)",
              any("net_rx_action", "__netif_receive_skb", "process_backlog")),
          new Bucket(
              "kernel: writev and the TCP/IP send path",
              any("do_writev", "tcp_sendmsg", "sock_write_iter", "__ip_queue_xmit")),
          new Bucket("kernel: reading the senders' frames", any("sys_read", "tcp_recvmsg")),
          new Bucket("kernel: futex (parking and waking threads)", any("futex")),
          new Bucket("kernel: epoll", any("epoll")),
          new Bucket("kernel: scheduling, timers, interrupts, other", frame -> true));

  /** Other samples, by the frame nearest the leaf that one of these names. */
  private static final List<Bucket> USER =
      List.of(
          new Bucket(
              "allocation slow path (new TLAB, zeroing)",
              any(
                  "_new_instance_Java",
                  "_new_array_Java",
                  "OptoRuntime::new",
                  "MemAllocator",
                  "TLAB")),
          new Bucket(
              "locks and atomics (ReentrantLock, AQS, AutoLock, Atomic*)",
              any(
                  "java/util/concurrent/locks/",
                  "jetty/util/thread/AutoLock",
                  "java/util/concurrent/atomic/",
                  "jetty/util/AtomicBiInteger")),
          new Bucket(
              "JDK socket write (SocketChannelImpl, IOUtil, heap-to-direct copy)",
              any("sun/nio/ch/", "java/nio/", "Unsafe_CopyMemory", "arraycopy", "writev")),
          new Bucket(
              "Jetty WebSocket frames (session, FrameFlusher, header generation)",
              any("jetty/websocket/")),
          new Bucket(
              "Jetty callbacks and I/O (IteratingCallback, WriteFlusher, EndPoint, selector)",
              any("org/eclipse/jetty/")),
          new Bucket("chat-server (room, fan-out, outbound queue, codec)", any("org/chatharness/")),
          new Bucket("JDK other (collections, ThreadLocal, time)", any("java/", "jdk/", "sun/")),
          new Bucket("other native (JVM, libc)", frame -> true));

  public static void main(String[] args) throws IOException {
    if (args.length != 2 && args.length != 4) {
      System.err.println(
          "usage: ProfileShares cpu.collapsed US_PER_DELIVERY [alloc.collapsed"
              + " BYTES_PER_DELIVERY]");
      System.exit(2);
    }
    cpu(Path.of(args[0]), Double.parseDouble(args[1]));
    if (args.length == 4) {
      allocation(Path.of(args[2]), Double.parseDouble(args[3]));
    }
  }

  private static void cpu(Path collapsed, double usPerDelivery) throws IOException {
    Map<String, Long> buckets = new LinkedHashMap<>();
    JVM.forEach(b -> buckets.put(b.name(), 0L));
    KERNEL.forEach(b -> buckets.put(b.name(), 0L));
    USER.forEach(b -> buckets.put(b.name(), 0L));
    long total = 0;
    for (Stack stack : Stack.read(collapsed)) {
      total += stack.count();
      buckets.merge(bucket(stack.frames()), stack.count(), Long::sum);
    }
    System.out.printf(Locale.ROOT, "%,d CPU samples in %s%n%n", total, collapsed);
    System.out.println("| where | share of the server's CPU | µs per delivery |");
    System.out.println("|---|---:|---:|");
    long kernel = 0;
    for (Map.Entry<String, Long> e : buckets.entrySet()) {
      if (e.getValue() == 0) {
        continue;
      }
      if (e.getKey().startsWith("kernel")) {
        kernel += e.getValue();
      }
      double share = (double) e.getValue() / total;
      System.out.printf(
          Locale.ROOT, "| %s | %.1f%% | %.2f |%n", e.getKey(), 100 * share, share * usPerDelivery);
    }
    double kernelShare = (double) kernel / total;
    System.out.printf(
        Locale.ROOT,
        "| **all kernel** | **%.1f%%** | **%.2f** |%n| **all user space** | **%.1f%%** | **%.2f**"
            + " |%n",
        100 * kernelShare,
        kernelShare * usPerDelivery,
        100 * (1 - kernelShare),
        (1 - kernelShare) * usPerDelivery);
  }

  private static String bucket(String[] frames) {
    for (Bucket b : JVM) {
      for (String frame : frames) {
        if (b.frame().test(frame)) {
          return b.name();
        }
      }
    }
    if (frames[frames.length - 1].endsWith("_[k]")) {
      for (Bucket b : KERNEL) {
        for (String frame : frames) {
          if (frame.endsWith("_[k]") && b.frame().test(frame)) {
            return b.name();
          }
        }
      }
    }
    for (int i = frames.length - 1; i >= 0; i--) {
      for (Bucket b : USER.subList(0, USER.size() - 1)) {
        if (b.frame().test(frames[i])) {
          return b.name();
        }
      }
    }
    return USER.get(USER.size() - 1).name();
  }

  private static void allocation(Path collapsed, double bytesPerDelivery) throws IOException {
    Map<String, Long> byType = new TreeMap<>();
    long total = 0;
    for (Stack stack : Stack.read(collapsed)) {
      String[] frames = stack.frames();
      long bytes = stack.count();
      total += bytes;
      String type = frames[frames.length - 1].replaceAll("_\\[[ik]\\]$", "");
      String site = "";
      for (int i = frames.length - 2; i >= 0; i--) {
        if (frames[i].contains("org/")) {
          site = frames[i].substring(frames[i].lastIndexOf('/') + 1);
          break;
        }
      }
      byType.merge(type + " (in " + site + ")", bytes, Long::sum);
    }
    System.out.printf(
        Locale.ROOT,
        "%n%.0f bytes allocated per delivery, by type and place%n%n",
        bytesPerDelivery);
    System.out.println("| allocated (where) | bytes per delivery | share |");
    System.out.println("|---|---:|---:|");
    final long all = total;
    byType.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .filter(e -> e.getValue() >= all / 200)
        .forEach(
            e ->
                System.out.printf(
                    Locale.ROOT,
                    "| %s | %.0f | %.1f%% |%n",
                    e.getKey(),
                    bytesPerDelivery * e.getValue() / all,
                    100.0 * e.getValue() / all));
  }
}
