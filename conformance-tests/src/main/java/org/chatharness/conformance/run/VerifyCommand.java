package org.chatharness.conformance.run;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chatharness.conformance.Target;
import org.chatharness.conformance.checks.Profiles;
import org.junit.platform.reporting.legacy.xml.LegacyXmlReportGeneratingListener;

/**
 * The verifier's command line: runs one profile against a server, prints each check's verdict and a
 * last line {@code N passed, N failed}, writes JUnit XML. Exit status 0 when every check passed, 1
 * when one failed, 2 for a usage error or a server that cannot be reached.
 *
 * <pre>
 * java -jar conformance-tests/target/chat-verify.jar http://localhost:8000/ --profile v1
 * </pre>
 */
public final class VerifyCommand {
  public static final int PASSED = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;

  static final String USAGE_TEXT =
      """
      usage: verify URL [--profile plain|v1|cluster] [--no-echo] [--path /ws] [--url2 URL]
                        [--rate-limit PER_SECOND/BURST] [--max-message-size SIZE|none]
                        [--idle-timeout SECONDS] [--reports DIR]
        URL                 the server's page, http:// or https://; its WebSocket derives from it
        --profile           plain (default): the tutorial's contract; v1: docs/PROTOCOL.md;
                            cluster: two nodes of one cluster (needs --url2)
        --no-echo           the server does not send a message back to its sender
        --path              the plain WebSocket's path (default: the URL's path)
        --url2              the second node's page (cluster)
        --rate-limit        the server's per-connection limit, e.g. 10/20 (10 a second, bursts
                            of 20): bursts are spread within it, and its close is checked
        --max-message-size  the largest message the server accepts (default 64KiB): one byte
                            more must be refused with 1009; none skips that check
        --idle-timeout      after how long the server closes a silent client, e.g. 5s (v1)
        --reports           where the JUnit XML goes (default target/verify-reports)
      """;

  private static final Duration REACH_TIMEOUT = Duration.ofSeconds(10);

  private final PrintStream out;
  private final PrintStream err;

  public VerifyCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(new VerifyCommand(System.out, System.err).run(args));
  }

  /** Runs the command; returns the exit status. */
  public int run(String... args) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException bad) {
      err.println("verify: " + bad.getMessage());
      err.print(USAGE_TEXT);
      return USAGE;
    }
    if (options.help) {
      out.print(USAGE_TEXT);
      return PASSED;
    }
    Target target;
    try {
      target = Target.from(key -> java.util.Optional.ofNullable(options.parameters.get(key)));
      if (options.profile.equals(Profiles.CLUSTER)) {
        target.requireUrl2();
      }
    } catch (IllegalArgumentException | IllegalStateException bad) {
      err.println("verify: " + bad.getMessage());
      return USAGE;
    }
    for (URI page :
        target.url2() == null ? List.of(target.url()) : List.of(target.url(), target.url2())) {
      String unreachable = unreachable(page);
      if (unreachable != null) {
        err.println("verify: cannot reach " + page + ": " + unreachable);
        return USAGE;
      }
    }

    out.println(
        "verify: profile "
            + options.profile
            + " against "
            + target.url()
            + (target.url2() == null ? "" : " and " + target.url2()));
    Path reports = options.reports.toAbsolutePath().normalize();
    Report report;
    try {
      Files.createDirectories(reports);
      PrintWriter xmlErrors = new PrintWriter(err, true, StandardCharsets.UTF_8);
      report =
          ConformanceRun.of(options.profile, options.parameters)
              .withListener(new LegacyXmlReportGeneratingListener(reports, xmlErrors))
              .onResult(this::print)
              .run();
    } catch (IOException e) {
      err.println("verify: cannot write the reports to " + reports + ": " + e.getMessage());
      return USAGE;
    }
    out.println("JUnit XML: " + reports.resolve("TEST-junit-jupiter.xml"));
    out.println(report.summary());
    return report.allPassed() ? PASSED : FAILED;
  }

  private void print(CheckResult result) {
    String verdict =
        switch (result.verdict()) {
          case PASSED -> "PASS";
          case FAILED -> "FAIL";
          case SKIPPED -> "SKIP";
        };
    out.println(verdict + "  " + result.name() + "  " + result.rule());
    if (!result.reason().isEmpty()) {
      for (String line : result.reason().strip().split("\n")) {
        out.println("      " + line);
      }
    }
  }

  /** Null if the server answers HTTP at {@code page}, else what went wrong, in words. */
  private static String unreachable(URI page) {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(REACH_TIMEOUT)
            .build();
    HttpRequest request = HttpRequest.newBuilder(page).timeout(REACH_TIMEOUT).GET().build();
    try {
      http.send(request, HttpResponse.BodyHandlers.discarding());
      return null;
    } catch (ConnectException refused) {
      return "connection refused (is the server running, and on this port?)";
    } catch (HttpTimeoutException slow) {
      return "no answer within " + REACH_TIMEOUT.toSeconds() + " s";
    } catch (IOException e) {
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** The parsed command line: a profile, the checks' configuration parameters, where XML goes. */
  private static final class Options {
    private String profile = Profiles.PLAIN;
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private Path reports = Path.of("target", "verify-reports");
    private boolean help;

    static Options parse(String[] args) {
      Options options = new Options();
      Deque<String> rest = new ArrayDeque<>(List.of(args));
      while (!rest.isEmpty()) {
        String arg = rest.pop();
        switch (arg) {
          case "-h", "--help" -> options.help = true;
          case "--profile" -> options.profile = value(arg, rest);
          case "--no-echo" -> options.parameters.put(Target.ECHO, "false");
          case "--path" -> options.parameters.put(Target.PATH, value(arg, rest));
          case "--url2" -> options.parameters.put(Target.URL2, value(arg, rest));
          case "--rate-limit" -> options.parameters.put(Target.RATE_LIMIT, value(arg, rest));
          case "--max-message-size" ->
              options.parameters.put(Target.MAX_MESSAGE_SIZE, value(arg, rest));
          case "--idle-timeout" -> options.parameters.put(Target.IDLE_TIMEOUT, value(arg, rest));
          case "--reports" -> options.reports = Path.of(value(arg, rest));
          default -> {
            if (arg.startsWith("-")) {
              throw new IllegalArgumentException("unknown option " + arg);
            }
            if (options.parameters.containsKey(Target.URL)) {
              throw new IllegalArgumentException("one URL only; the second node goes in --url2");
            }
            options.parameters.put(Target.URL, arg);
          }
        }
      }
      if (options.help) {
        return options;
      }
      if (!options.parameters.containsKey(Target.URL)) {
        throw new IllegalArgumentException("no URL given");
      }
      if (!Profiles.ALL.contains(options.profile)) {
        throw new IllegalArgumentException(
            "unknown profile \""
                + options.profile
                + "\": one of "
                + String.join(", ", Profiles.ALL));
      }
      return options;
    }

    private static String value(String option, Deque<String> rest) {
      if (rest.isEmpty() || rest.peek().startsWith("--")) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return rest.pop();
    }
  }
}
