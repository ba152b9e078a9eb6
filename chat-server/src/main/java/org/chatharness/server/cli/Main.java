package org.chatharness.server.cli;

import java.io.PrintWriter;
import java.net.BindException;
import java.util.function.Function;
import org.chatharness.server.ChatServer;
import org.chatharness.server.ServerConfig;
import org.chatharness.server.broker.BrokerUnavailableException;
import org.chatharness.server.broker.BrokerUri;
import org.chatharness.server.process.OutOfMemoryExit;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** {@code java -jar chat-server.jar [options]}: runs the chat server until SIGTERM or Ctrl-C. */
public final class Main {
  static final int EXIT_USAGE = 2;
  static final int EXIT_CANNOT_START = 1;

  private Main() {}

  public static void main(String[] args) {
    int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    System.exit(code);
  }

  /** Parses the options, runs the server until it is stopped, and returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, out, err, System::getenv);
  }

  /** As {@link #run(String[], PrintWriter, PrintWriter)}, with these environment variables. */
  static int run(
      String[] args, PrintWriter out, PrintWriter err, Function<String, String> environment) {
    ServerOptions options = new ServerOptions(environment);
    CommandLine cli =
        new CommandLine(options)
            .setOut(out)
            .setErr(err)
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setDefaultValueProvider(options.defaults());
    cli.setParameterExceptionHandler(
        (problem, ignored) -> {
          err.println("chat-server: " + problem.getMessage() + " (see --help)");
          return EXIT_USAGE;
        });
    cli.setExecutionStrategy(
        parsed -> {
          Integer helpOrVersion = CommandLine.executeHelpRequest(parsed);
          if (helpOrVersion != null) {
            return helpOrVersion;
          }
          ServerConfig config;
          try {
            config = options.toConfig();
          } catch (IllegalArgumentException invalid) {
            err.println("chat-server: " + invalid.getMessage() + " (see --help)");
            return EXIT_USAGE;
          }
          options.logSettings().apply();
          return serve(config, err);
        });
    return cli.execute(args);
  }

  private static int serve(ServerConfig config, PrintWriter err) {
    if (!OutOfMemoryExit.jvmExitsByItself()) {
      OutOfMemoryExit.onEveryThread();
      LoggerFactory.getLogger(Main.class)
          .warn(
              "started without -XX:+ExitOnOutOfMemoryError: the server exits on the out-of-memory"
                  + " errors it sees, but only the flag catches all of them (scripts/run-server"
                  + " and the container pass it)");
    }
    ChatServer server = new ChatServer(config);
    try {
      server.start();
    } catch (Exception failure) {
      err.println("chat-server: " + startFailure(config, failure));
      stopQuietly(server);
      return EXIT_CANNOT_START;
    }
    Thread stopper = new Thread(() -> stopQuietly(server), "chat-shutdown");
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      server.join();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  static String startFailure(ServerConfig config, Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof BrokerUnavailableException) {
        return "cannot reach the broker "
            + BrokerUri.redacted(config.cluster().broker())
            + ": "
            + cause.getMessage();
      }
      if (cause instanceof BindException) {
        return "cannot listen on "
            + config.network().host()
            + ":"
            + config.network().port()
            + ": "
            + (cause.getMessage() != null && cause.getMessage().contains("in use")
                ? "the port is already in use (choose another with --port or CHAT_PORT)"
                : cause.getMessage());
      }
    }
    return "cannot start: " + failure;
  }

  private static void stopQuietly(ChatServer server) {
    try {
      server.stop();
    } catch (Exception failure) {
      System.err.println("chat-server: error while stopping: " + failure);
    }
  }
}
