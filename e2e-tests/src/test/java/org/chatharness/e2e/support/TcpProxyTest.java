package org.chatharness.e2e.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The proxy against real sockets: a line echo server on a free port stands for the chat server. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TcpProxyTest {
  private static final int READ_TIMEOUT_MS = 5_000;

  private EchoServer first;
  private EchoServer second;
  private TcpProxy proxy;

  @BeforeEach
  void start() throws IOException {
    first = new EchoServer("first:");
    second = new EchoServer("second:");
    proxy = TcpProxy.open().forwardTo("127.0.0.1", first.port());
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    first.close();
    second.close();
  }

  @Test
  void bytesGoThroughTheProxyBothWays() throws IOException {
    try (Socket socket = connectToProxy()) {
      assertThat(exchange(socket, "hello")).as("echo through the proxy").isEqualTo("first:hello");
      assertThat(exchange(socket, "again"))
          .as("second line, same connection")
          .isEqualTo("first:again");
    }
  }

  @Test
  void cutDropsOpenConnectionsAndResetsNewOnes() throws IOException {
    try (Socket before = connectToProxy()) {
      assertThat(exchange(before, "hello")).isEqualTo("first:hello");

      proxy.cut();

      assertThat(isClosedByPeer(before)).as("a connection open during the cut is dropped").isTrue();
      try (Socket during = connectToProxy()) {
        assertThat(isClosedByPeer(during)).as("a connection made while cut is dropped").isTrue();
      }
    }
  }

  @Test
  void restoreLetsNewConnectionsThroughAgain() throws IOException {
    proxy.cut();
    proxy.restore();

    try (Socket after = connectToProxy()) {
      assertThat(exchange(after, "back")).as("echo after restore").isEqualTo("first:back");
    }
  }

  @Test
  void forwardToChangesWhereNewConnectionsGo() throws IOException {
    try (Socket old = connectToProxy()) {
      assertThat(exchange(old, "a")).isEqualTo("first:a");

      proxy.forwardTo("127.0.0.1", second.port());

      try (Socket fresh = connectToProxy()) {
        assertThat(exchange(fresh, "b")).as("new connection, new target").isEqualTo("second:b");
      }
      assertThat(exchange(old, "c")).as("an open connection keeps its target").isEqualTo("first:c");
    }
  }

  @Test
  void connectionsAreDroppedWhileNoTargetIsSet() throws IOException {
    try (TcpProxy unaimed = TcpProxy.open();
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), unaimed.port())) {
      socket.setSoTimeout(READ_TIMEOUT_MS);
      assertThat(isClosedByPeer(socket)).as("no target: dropped").isTrue();
    }
  }

  @Test
  void aTargetThatDoesNotAnswerDropsTheConnection() throws IOException {
    int closedPort;
    try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = gone.getLocalPort();
    }
    proxy.forwardTo("127.0.0.1", closedPort);

    try (Socket socket = connectToProxy()) {
      assertThat(isClosedByPeer(socket)).as("target refuses: dropped").isTrue();
    }
  }

  private Socket connectToProxy() throws IOException {
    Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
    socket.setSoTimeout(READ_TIMEOUT_MS);
    return socket;
  }

  /** Sends one line and reads the answer; fails on a read timeout. */
  private static String exchange(Socket socket, String line) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    StringBuilder answer = new StringBuilder();
    for (int b; (b = socket.getInputStream().read()) != '\n'; ) {
      if (b == -1) {
        throw new IOException("closed after " + answer);
      }
      answer.append((char) b);
    }
    return answer.toString();
  }

  /** True when the peer closed or reset the connection; a read timeout is an error instead. */
  private static boolean isClosedByPeer(Socket socket) throws IOException {
    try {
      return socket.getInputStream().read() == -1;
    } catch (SocketException reset) {
      return true;
    }
  }

  /** Answers each line with a prefix and the line, one thread per connection. */
  private static final class EchoServer implements AutoCloseable {
    private final ServerSocket listener;

    EchoServer(String prefix) throws IOException {
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread acceptor =
          new Thread(
              () -> {
                while (!listener.isClosed()) {
                  try {
                    Socket socket = listener.accept();
                    Thread echo = new Thread(() -> echo(socket, prefix), "echo");
                    echo.setDaemon(true);
                    echo.start();
                  } catch (IOException closed) {
                    return;
                  }
                }
              },
              "echo-accept");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return listener.getLocalPort();
    }

    private static void echo(Socket socket, String prefix) {
      try (socket;
          BufferedReader in =
              new BufferedReader(
                  new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
          PrintWriter out =
              new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8)) {
        for (String line; (line = in.readLine()) != null; ) {
          out.print(prefix + line + "\n");
          out.flush();
        }
      } catch (IOException ended) {
        // the client or the proxy went away
      }
    }

    @Override
    public void close() throws IOException {
      listener.close();
    }
  }
}
