package org.chatharness.load.raw;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * One run of the raw-socket generator against a plain broadcast server that is already running.
 *
 * <pre>
 * java -cp load-tests/target/bench-classes org.chatharness.load.raw.RawLoad \
 *     --url ws://127.0.0.1:8000/ --server-pid 1234 --clients 1000 --rate 40
 * </pre>
 */
public final class RawLoad {
  private static final String USAGE =
      """
      usage: RawLoad --url ws://HOST:PORT/PATH [--server-pid PID] [--json FILE] [options]
        --url URL            a plain broadcast WebSocket server (no subprotocol)
        --server-pid PID     the server's process on this machine, for its CPU per delivery
        --json FILE          also write the result as JSON
      """
          + RunOptions.USAGE;

  private RawLoad() {}

  public static void main(String[] args) throws InterruptedException {
    try {
      Set<String> names = new HashSet<>(RunOptions.NAMES);
      names.addAll(Set.of("url", "server-pid", "json"));
      CommandLine line = new CommandLine(args, names);
      String url = line.string("url", null);
      if (url == null) {
        throw new CommandLine.UsageException("--url is required");
      }
      RunOptions options = RunOptions.from(line);
      long pid = line.integer("server-pid", -1, -1);
      RunResult result = LoadRun.run(options.against(URI.create(url), pid));
      System.out.println(BenchReport.line("run", result));
      String json = line.string("json", null);
      if (json != null) {
        Files.writeString(Path.of(json), Json.write(result.toMap()));
      }
      System.exit(result.clean() ? 0 : 1);
    } catch (CommandLine.UsageException | IllegalArgumentException e) {
      System.err.println("RawLoad: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
    } catch (IOException e) {
      System.err.println("RawLoad: " + e.getMessage());
      System.exit(1);
    }
  }
}
