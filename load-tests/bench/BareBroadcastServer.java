import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The floor of a broadcast server under the A/B bench's own load: the tutorial's plain broadcast
 * (text in, the same text out to every client) with nothing but what it needs. One thread, one
 * selector, each message framed once and written to each socket with one {@code write}; a socket
 * that cannot take it all keeps the rest until it can. No limits, no heartbeat, no rooms, no
 * logging: not a server to run, a measure of what any server's fan-out costs here before its own
 * code ({@code load-tests/bench/ab --floor} runs it beside the others).
 *
 * <pre>
 * java load-tests/bench/BareBroadcastServer.java 8000
 * </pre>
 */
public class BareBroadcastServer {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  /** One client: its socket, what it sent that is not handled yet, what waits to be written. */
  private static final class Client {
    final SocketChannel channel;
    final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    boolean open;
    boolean closing;

    Client(SocketChannel channel) {
      this.channel = channel;
    }
  }

  private final List<Client> clients = new ArrayList<>();
  private final Selector selector;

  private BareBroadcastServer(Selector selector) {
    this.selector = selector;
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    try (Selector selector = Selector.open();
        ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress("127.0.0.1", port), 4096);
      server.configureBlocking(false);
      server.register(selector, SelectionKey.OP_ACCEPT);
      System.out.println("bare broadcast server on ws://127.0.0.1:" + port + "/");
      new BareBroadcastServer(selector).loop(server);
    }
  }

  private void loop(ServerSocketChannel server) throws IOException {
    while (true) {
      selector.select();
      for (SelectionKey key : selector.selectedKeys()) {
        if (!key.isValid()) {
          continue;
        }
        if (key.isAcceptable()) {
          SocketChannel channel = server.accept();
          if (channel != null) {
            channel.configureBlocking(false);
            channel.socket().setTcpNoDelay(true);
            channel.register(selector, SelectionKey.OP_READ, new Client(channel));
          }
          continue;
        }
        Client client = (Client) key.attachment();
        try {
          if (key.isWritable()) {
            flush(client, key);
          }
          if (key.isReadable()) {
            read(client, key);
          }
        } catch (IOException gone) {
          drop(client, key);
        }
      }
      selector.selectedKeys().clear();
    }
  }

  private void read(Client client, SelectionKey key) throws IOException {
    if (client.channel.read(client.in) < 0) {
      drop(client, key);
      return;
    }
    client.in.flip();
    if (!client.open) {
      handshake(client);
    }
    while (client.open && frame(client, key)) {
      // one frame handled; the next
    }
    client.in.compact();
  }

  private void handshake(Client client) throws IOException {
    String head = StandardCharsets.ISO_8859_1.decode(client.in.duplicate()).toString();
    int end = head.indexOf("\r\n\r\n");
    if (end < 0) {
      return;
    }
    client.in.position(client.in.position() + end + 4);
    String key = "";
    for (String line : head.substring(0, end).split("\r\n")) {
      if (line.toLowerCase().startsWith("sec-websocket-key:")) {
        key = line.substring(line.indexOf(':') + 1).trim();
      }
    }
    String accept;
    try {
      accept =
          Base64.getEncoder()
              .encodeToString(
                  MessageDigest.getInstance("SHA-1")
                      .digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1)));
    } catch (java.security.NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
    send(
        client,
        ByteBuffer.wrap(
            ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: "
                    + accept
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1)));
    client.open = true;
    clients.add(client);
  }

  /** Handles one whole frame from the client, if one is there; returns whether it did. */
  private boolean frame(Client client, SelectionKey key) throws IOException {
    ByteBuffer in = client.in;
    if (in.remaining() < 2) {
      return false;
    }
    int start = in.position();
    int b0 = in.get(start) & 0xFF;
    int b1 = in.get(start + 1) & 0xFF;
    int at = start + 2;
    long length = b1 & 0x7F;
    if (length == 126) {
      if (in.remaining() < 4) {
        return false;
      }
      length = in.getShort(at) & 0xFFFF;
      at += 2;
    } else if (length == 127) {
      if (in.remaining() < 10) {
        return false;
      }
      length = in.getLong(at);
      at += 8;
    }
    boolean masked = (b1 & 0x80) != 0;
    int maskAt = at;
    at += masked ? 4 : 0;
    if (in.limit() - at < length) {
      return false;
    }
    byte[] payload = new byte[(int) length];
    for (int i = 0; i < length; i++) {
      payload[i] = (byte) (in.get(at + i) ^ (masked ? in.get(maskAt + (i & 3)) : 0));
    }
    in.position(at + (int) length);
    switch (b0 & 0x0F) {
      case 0x1 -> broadcast(framed(0x1, payload));
      case 0x9 -> send(client, framed(0xA, payload));
      case 0x8 -> {
        send(client, framed(0x8, payload));
        client.closing = true;
        clients.remove(client);
        if (client.out.isEmpty()) {
          drop(client, key);
        }
        return false;
      }
      default -> {
        // pongs and anything else: nothing to do
      }
    }
    return true;
  }

  private static ByteBuffer framed(int opCode, byte[] payload) {
    int header = payload.length <= 125 ? 2 : payload.length <= 0xFFFF ? 4 : 10;
    ByteBuffer frame = ByteBuffer.allocateDirect(header + payload.length);
    frame.put((byte) (0x80 | opCode));
    if (payload.length <= 125) {
      frame.put((byte) payload.length);
    } else if (payload.length <= 0xFFFF) {
      frame.put((byte) 126).putShort((short) payload.length);
    } else {
      frame.put((byte) 127).putLong(payload.length);
    }
    return frame.put(payload).flip();
  }

  private void broadcast(ByteBuffer frame) {
    for (Client each : clients) {
      try {
        send(each, frame.duplicate());
      } catch (IOException gone) {
        // dropped when its key next fires
      }
    }
  }

  private void send(Client client, ByteBuffer bytes) throws IOException {
    if (client.out.isEmpty()) {
      client.channel.write(bytes);
      if (!bytes.hasRemaining()) {
        return;
      }
      client.channel.keyFor(selector).interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }
    client.out.add(bytes);
  }

  private void flush(Client client, SelectionKey key) throws IOException {
    while (!client.out.isEmpty()) {
      ByteBuffer next = client.out.peek();
      client.channel.write(next);
      if (next.hasRemaining()) {
        return;
      }
      client.out.poll();
    }
    key.interestOps(SelectionKey.OP_READ);
    if (client.closing) {
      drop(client, key);
    }
  }

  private void drop(Client client, SelectionKey key) throws IOException {
    clients.remove(client);
    key.cancel();
    client.channel.close();
  }
}
