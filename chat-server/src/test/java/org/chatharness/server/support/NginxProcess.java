package org.chatharness.server.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx for one test: it terminates TLS (a self-signed certificate for {@code localhost},
 * made with openssl) on a free port of 127.0.0.1 and passes WebSockets on to a chat server, with
 * the headers docs/PROXY.md tells an operator to set. A child process that {@link #close} stops.
 */
public final class NginxProcess implements AutoCloseable {
  private static final String SBIN_NGINX = "/usr/sbin/nginx";
  private static final Duration READY_WAIT = Duration.ofSeconds(15);

  private final Process process;
  private final int port;
  private final Path dir;

  private NginxProcess(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /** Starts nginx in {@code dir} (a fresh directory), proxying to {@code upstreamPort}. */
  public static NginxProcess start(Path dir, int upstreamPort) throws Exception {
    run(
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
        "-keyout",
        dir.resolve("key.pem").toString(),
        "-out",
        dir.resolve("cert.pem").toString());
    Files.createDirectories(dir.resolve("tmp"));
    int port = freePort();
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(conf, config(dir, port, upstreamPort));
    Process process;
    try {
      process =
          new ProcessBuilder(executable(), "-p", dir.toString(), "-c", conf.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("nginx.out").toFile())
              .start();
    } catch (IOException missing) {
      throw new AssertionError(
          "cannot run nginx: apt-get install nginx (scripts/setup installs it)", missing);
    }
    NginxProcess nginx = new NginxProcess(process, port, dir);
    nginx.awaitListening();
    return nginx;
  }

  /** The port nginx serves https and wss on. */
  public int port() {
    return port;
  }

  private static String config(Path dir, int port, int upstreamPort) {
    String temp = dir.resolve("tmp").toString();
    return """
        daemon off;
        worker_processes 1;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log info;
        events { worker_connections 64; }
        http {
          access_log %1$s/access.log;
          client_body_temp_path %2$s; proxy_temp_path %2$s; fastcgi_temp_path %2$s;
          uwsgi_temp_path %2$s; scgi_temp_path %2$s;
          map $http_upgrade $connection_upgrade { default upgrade; '' close; }
          server {
            listen 127.0.0.1:%3$d ssl;
            ssl_certificate %1$s/cert.pem;
            ssl_certificate_key %1$s/key.pem;
            location / {
              proxy_pass http://127.0.0.1:%4$d;
              proxy_http_version 1.1;
              proxy_set_header Upgrade $http_upgrade;
              proxy_set_header Connection $connection_upgrade;
              proxy_set_header Host $http_host;
              proxy_set_header X-Forwarded-Proto $scheme;
              proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
              proxy_read_timeout 75s;
            }
          }
        }
        """
        .formatted(dir, temp, port, upstreamPort);
  }

  private static String executable() {
    // Debian puts it in /usr/sbin, which the PATH of a non-root shell may lack.
    return Files.isExecutable(Path.of(SBIN_NGINX)) ? SBIN_NGINX : "nginx";
  }

  private void awaitListening() throws Exception {
    long deadline = System.nanoTime() + READY_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "nginx exited with "
                + process.exitValue()
                + ": "
                + log("nginx.out")
                + log("error.log"));
      }
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        process.waitFor(100, TimeUnit.MILLISECONDS);
      }
    }
    close();
    throw new AssertionError("nginx did not listen on " + port + " within " + READY_WAIT);
  }

  private String log(String name) {
    try {
      return Files.readString(dir.resolve(name));
    } catch (IOException e) {
      return "";
    }
  }

  private static void run(String... command) throws Exception {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException missing) {
      throw new AssertionError(
          "cannot run " + command[0] + " (scripts/setup installs it)", missing);
    }
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed: " + output);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0)) {
      return probe.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
