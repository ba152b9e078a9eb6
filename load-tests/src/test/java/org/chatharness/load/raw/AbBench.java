package org.chatharness.load.raw;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.chatharness.load.raw.ServerSummary.ServerRuns;

/**
 * The A/B bench: several plain broadcast servers, each started once and pinned to the same core,
 * driven in turn by the same raw-socket generator (a warm-up each, then runs alternating A B A B
 * ...), compared side by side. Writes {@code result.json} and {@code result.md} in the output
 * directory. {@code load-tests/bench/ab} builds what it needs and calls this; see its README.
 */
public final class AbBench {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private static final String USAGE =
      """
      usage: AbBench --server NAME=COMMAND [--server NAME=COMMAND ...] [options]
        --server NAME=COMMAND  a server to compare; COMMAND is run by bash with {port} replaced by a
                               free port; it must serve the plain broadcast at ws://127.0.0.1:{port}/
        --baseline NAME        the server the others are divided by (the last one given)
        --scenario NxR         N clients at R messages/s (repeatable; default: --clients x --rate)
        --runs K               measured runs per server and scenario (3)
        --warmup SECONDS       an unrecorded run per server before each scenario's runs (10; 0: none)
        --server-cores LIST    taskset core list for the servers (0)
        --out DIR              where result.json, result.md and the servers' logs go
        --meta KEY=VALUE       written into the result as is (repeatable): commit, versions ...
      """
          + RunOptions.USAGE;

  /** One room size and send rate to compare the servers at. */
  record Scenario(int clients, double rate) {}

  /** The bench as the command line asked for it. */
  record Plan(
      RunOptions options,
      Map<String, String> servers,
      String baseline,
      List<Scenario> scenarios,
      int runs,
      double warmup,
      String serverCores,
      Map<String, String> meta,
      String out) {

    static Plan from(CommandLine line) throws CommandLine.UsageException {
      RunOptions options = RunOptions.from(line);
      Map<String, String> servers = pairs(line.all("server"), "--server");
      if (servers.isEmpty()) {
        throw new CommandLine.UsageException("give at least one --server NAME=COMMAND");
      }
      List<String> names = new ArrayList<>(servers.keySet());
      String baseline = line.string("baseline", names.get(names.size() - 1));
      if (!servers.containsKey(baseline)) {
        throw new CommandLine.UsageException("--baseline " + baseline + " is not a --server");
      }
      return new Plan(
          options,
          servers,
          baseline,
          AbBench.scenarios(line.all("scenario"), options),
          line.integer("runs", 3, 1),
          line.decimal("warmup", 10, 0),
          line.string("server-cores", "0"),
          pairs(line.all("meta"), "--meta"),
          line.string("out", null));
    }
  }

  private AbBench() {}

  public static void main(String[] args) throws InterruptedException {
    try {
      Set<String> names = new HashSet<>(RunOptions.NAMES);
      names.addAll(
          Set.of(
              "server", "baseline", "scenario", "runs", "warmup", "server-cores", "out", "meta"));
      System.exit(run(Plan.from(new CommandLine(args, names))) ? 0 : 1);
    } catch (CommandLine.UsageException | IllegalArgumentException e) {
      System.err.println("ab: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
    } catch (IOException e) {
      System.err.println("ab: " + e.getMessage());
      System.exit(1);
    }
  }

  /** Runs the whole bench; true when every measured run was clean. */
  private static boolean run(Plan plan) throws IOException, InterruptedException {
    Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String stamp = started.toString().replace(":", "").replace("-", "").replace("Z", "");
    Path out = Path.of(plan.out() != null ? plan.out() : "load-tests/target/bench/ab-" + stamp);
    Files.createDirectories(out);
    BenchResult result = new BenchResult(plan, started);
    String generatorCores = ProcCpu.allowedCores(ProcessHandle.current().pid());
    if (CpuWindow.singleCore(generatorCores) < 0 || generatorCores.equals(plan.serverCores())) {
      System.out.println(
          "warning: the generator may run on cores "
              + generatorCores
              + ", the servers' too ("
              + plan.serverCores()
              + "): pin it to another core (taskset -c 1), or the servers share their core with it");
    }
    List<BenchServer> servers = new ArrayList<>();
    Thread stopper = new Thread(() -> stopAll(servers));
    Runtime.getRuntime().addShutdownHook(stopper);
    boolean clean = true;
    try {
      for (Map.Entry<String, String> server : plan.servers().entrySet()) {
        BenchServer one =
            BenchServer.start(
                server.getKey(), server.getValue(), plan.serverCores(), out, START_TIMEOUT);
        servers.add(one);
        result.addServer(one);
        System.out.printf(
            "started %s: pid %d (%s) on cores %s, %s%n",
            one.name(), one.pid(), one.executable(), one.cores(), one.url());
      }
      for (Scenario scenario : plan.scenarios()) {
        List<ServerRuns> measured = runScenario(plan, scenario, servers);
        clean &= measured.stream().allMatch(s -> s.runs().stream().allMatch(RunResult::clean));
        RunOptions shape =
            plan.options().with(scenario.clients(), scenario.rate(), plan.options().seconds());
        System.out.print("\n" + result.addScenario(shape.load(), measured));
      }
    } finally {
      stopAll(servers);
      Runtime.getRuntime().removeShutdownHook(stopper);
      result.write(out);
      System.out.println(
          "\nwrote " + out.resolve("result.json") + " and " + out.resolve("result.md"));
    }
    return clean;
  }

  /** A warm-up run per server, then the measured runs, alternating between the servers. */
  private static List<ServerRuns> runScenario(
      Plan plan, Scenario scenario, List<BenchServer> servers)
      throws IOException, InterruptedException {
    RunOptions options = plan.options();
    RunOptions shape = options.with(scenario.clients(), scenario.rate(), options.seconds());
    System.out.printf(
        Locale.ROOT,
        "%n== %,d clients, %s messages/s, %s s per run ==%n",
        scenario.clients(),
        BenchReport.number(scenario.rate(), 2),
        BenchReport.number(options.seconds(), 1));
    if (plan.warmup() > 0) {
      RunOptions warm = options.with(scenario.clients(), scenario.rate(), plan.warmup());
      for (BenchServer server : servers) {
        RunResult r = LoadRun.run(warm.against(server.url(), server.pid()));
        System.out.println(BenchReport.line("warm-up " + server.name(), r));
      }
    }
    List<ServerRuns> measured = new ArrayList<>();
    for (BenchServer server : servers) {
      measured.add(new ServerRuns(server.name(), new ArrayList<>()));
    }
    for (int i = 1; i <= plan.runs(); i++) {
      for (int s = 0; s < servers.size(); s++) {
        BenchServer server = servers.get(s);
        RunResult r = LoadRun.run(shape.against(server.url(), server.pid()));
        measured.get(s).runs().add(r);
        System.out.println(BenchReport.line("run " + i + " " + server.name(), r));
      }
    }
    return measured;
  }

  private static void stopAll(List<BenchServer> servers) {
    synchronized (servers) {
      for (BenchServer server : servers) {
        try {
          server.close();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static List<Scenario> scenarios(List<String> given, RunOptions options)
      throws CommandLine.UsageException {
    List<Scenario> scenarios = new ArrayList<>();
    for (String s : given) {
      Scenario scenario;
      try {
        String[] parts = s.split("x");
        scenario = new Scenario(Integer.parseInt(parts[0]), Double.parseDouble(parts[1]));
      } catch (RuntimeException e) {
        throw new CommandLine.UsageException("--scenario must be CLIENTSxRATE (1000x40), got " + s);
      }
      if (scenario.clients() < options.senders() + options.probes() || !(scenario.rate() > 0)) {
        throw new CommandLine.UsageException(
            "--scenario " + s + ": needs a positive rate and room for senders and probes");
      }
      scenarios.add(scenario);
    }
    if (scenarios.isEmpty()) {
      scenarios.add(new Scenario(options.clients(), options.rate()));
    }
    return scenarios;
  }

  private static Map<String, String> pairs(List<String> given, String option)
      throws CommandLine.UsageException {
    Map<String, String> map = new LinkedHashMap<>();
    for (String pair : given) {
      int eq = pair.indexOf('=');
      if (eq <= 0 || eq == pair.length() - 1) {
        throw new CommandLine.UsageException(option + " must be NAME=VALUE, got " + pair);
      }
      if (map.put(pair.substring(0, eq), pair.substring(eq + 1)) != null) {
        throw new CommandLine.UsageException(option + " " + pair.substring(0, eq) + " given twice");
      }
    }
    return map;
  }
}
