package org.chatharness.load.raw;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
        --server NAME=COMMAND  a server to compare; COMMAND is run by bash with {port} replaced by
                               a free port, and must serve the plain broadcast at ws://127.0.0.1:{port}/
        --baseline NAME        the server the others are divided by (the last one given)
        --scenario NxR         N clients at R messages/s (repeatable; default: --clients x --rate)
        --runs K               measured runs per server and scenario (3)
        --warmup SECONDS       an unrecorded run per server before each scenario's runs (10; 0: none)
        --server-cores LIST    taskset core list for the servers (0)
        --out DIR              where result.json, result.md and the servers' logs go
        --meta KEY=VALUE       written into the result as is (repeatable): commit, versions ...
      """
          + RunOptions.USAGE;

  private record Scenario(int clients, double rate) {}

  private AbBench() {}

  public static void main(String[] args) throws InterruptedException {
    try {
      Set<String> names = new HashSet<>(RunOptions.NAMES);
      names.addAll(
          Set.of(
              "server", "baseline", "scenario", "runs", "warmup", "server-cores", "out", "meta"));
      CommandLine line = new CommandLine(args, names);
      System.exit(run(line) ? 0 : 1);
    } catch (CommandLine.UsageException | IllegalArgumentException e) {
      System.err.println("ab: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
    } catch (IOException e) {
      System.err.println("ab: " + e.getMessage());
      System.exit(1);
    }
  }

  /** Runs the whole bench; true when every run was clean. */
  private static boolean run(CommandLine line)
      throws CommandLine.UsageException, IOException, InterruptedException {
    RunOptions options = RunOptions.from(line);
    Map<String, String> commands = pairs(line.all("server"), "--server");
    if (commands.isEmpty()) {
      throw new CommandLine.UsageException("give at least one --server NAME=COMMAND");
    }
    List<String> order = new ArrayList<>(commands.keySet());
    String baseline = line.string("baseline", order.get(order.size() - 1));
    if (!commands.containsKey(baseline)) {
      throw new CommandLine.UsageException("--baseline " + baseline + " is not a --server");
    }
    List<Scenario> scenarios = scenarios(line.all("scenario"), options);
    int runs = line.integer("runs", 3, 1);
    double warmup = line.decimal("warmup", 10, 0);
    String cores = line.string("server-cores", "0");
    Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Path out =
        Path.of(
            line.string(
                "out",
                "load-tests/target/bench/ab-"
                    + started.toString().replace(":", "").replace("-", "").replace("Z", "")));
    Files.createDirectories(out);

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("started", started.toString());
    result.put("meta", pairs(line.all("meta"), "--meta"));
    result.put("machine", machine());
    result.put("generator", generator(options, runs, warmup, baseline));
    List<Object> serverInfo = new ArrayList<>();
    result.put("servers", serverInfo);
    List<Object> scenarioResults = new ArrayList<>();
    result.put("scenarios", scenarioResults);
    StringBuilder markdown = new StringBuilder();
    markdown.append(header(started, line, options, runs, warmup, cores));
    boolean clean = true;

    List<BenchServer> servers = new ArrayList<>();
    Thread stopper = new Thread(() -> stopAll(servers));
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      for (String name : order) {
        BenchServer server = BenchServer.start(name, commands.get(name), cores, out, START_TIMEOUT);
        servers.add(server);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", name);
        info.put("command", server.command());
        info.put("pid", server.pid());
        info.put("executable", server.executable());
        info.put("cores", server.cores());
        info.put("log", server.log().toString());
        serverInfo.add(info);
        System.out.printf(
            "started %s: pid %d (%s) on cores %s, %s%n",
            name, server.pid(), server.executable(), server.cores(), server.url());
      }
      for (Scenario scenario : scenarios) {
        RunOptions shape = options.with(scenario.clients(), scenario.rate(), options.seconds());
        List<ServerSummary.ServerRuns> measured = new ArrayList<>();
        for (BenchServer server : servers) {
          measured.add(new ServerSummary.ServerRuns(server.name(), new ArrayList<>()));
        }
        System.out.printf(
            Locale.ROOT,
            "%n== %,d clients, %s messages/s, %s s per run ==%n",
            scenario.clients(),
            BenchReport.number(scenario.rate(), 2),
            BenchReport.number(options.seconds(), 1));
        if (warmup > 0) {
          RunOptions warm = options.with(scenario.clients(), scenario.rate(), warmup);
          for (BenchServer server : servers) {
            RunResult r = LoadRun.run(warm.against(server.url(), server.pid()));
            System.out.println(BenchReport.line("warm-up " + server.name(), r));
          }
        }
        for (int i = 1; i <= runs; i++) {
          for (int s = 0; s < servers.size(); s++) {
            BenchServer server = servers.get(s);
            RunResult r = LoadRun.run(shape.against(server.url(), server.pid()));
            measured.get(s).runs().add(r);
            clean &= r.clean();
            System.out.println(BenchReport.line("run " + i + " " + server.name(), r));
          }
        }
        String table = BenchReport.markdown(shape.load(), measured, baseline);
        System.out.println();
        System.out.print(table);
        markdown.append('\n').append(table);
        scenarioResults.add(scenarioMap(shape, measured, baseline));
      }
    } finally {
      stopAll(servers);
      Runtime.getRuntime().removeShutdownHook(stopper);
      Files.writeString(out.resolve("result.json"), Json.write(result));
      Files.writeString(out.resolve("result.md"), markdown.toString());
      System.out.println(
          "\nwrote " + out.resolve("result.json") + " and " + out.resolve("result.md"));
    }
    return clean;
  }

  private static Map<String, Object> scenarioMap(
      RunOptions shape, List<ServerSummary.ServerRuns> measured, String baseline) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("load", RunResult.components(shape.load()));
    List<Object> runs = new ArrayList<>();
    for (ServerSummary.ServerRuns s : measured) {
      for (int i = 0; i < s.runs().size(); i++) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("server", s.server());
        one.put("run", i + 1);
        one.putAll(s.runs().get(i).toMap());
        runs.add(one);
      }
    }
    map.put("medians", BenchReport.summaryMap(measured, baseline));
    map.put("runs", runs);
    return map;
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
      String[] parts = s.split("x");
      try {
        scenarios.add(new Scenario(Integer.parseInt(parts[0]), Double.parseDouble(parts[1])));
      } catch (RuntimeException e) {
        throw new CommandLine.UsageException("--scenario must be CLIENTSxRATE (1000x40), got " + s);
      }
      Scenario last = scenarios.get(scenarios.size() - 1);
      if (last.clients() < options.senders() + options.probes() || !(last.rate() > 0)) {
        throw new CommandLine.UsageException(
            "--scenario " + s + ": needs a positive rate and room for senders and probes");
      }
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

  private static Map<String, Object> machine() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("cores", Runtime.getRuntime().availableProcessors() + " available to the generator");
    map.put("kernel", read("/proc/sys/kernel/osrelease"));
    map.put("loadAverageAtStart", read("/proc/loadavg"));
    map.put("generatorJava", System.getProperty("java.vm.name") + " " + Runtime.version());
    map.put("generatorCores", ProcCpu.allowedCores(ProcessHandle.current().pid()));
    return map;
  }

  private static Map<String, Object> generator(
      RunOptions options, int runs, double warmup, String baseline) {
    Map<String, Object> map = RunResult.components(options);
    map.put("drainTimeout", options.drainTimeout().toMillis() / 1000.0);
    map.put("runs", runs);
    map.put("warmupSeconds", warmup);
    map.put("baseline", baseline);
    return map;
  }

  private static String header(
      Instant started,
      CommandLine line,
      RunOptions options,
      int runs,
      double warmup,
      String cores) {
    return String.format(
        Locale.ROOT,
        "# A/B bench, %s%n%nServers on cores %s, generator on cores %s; %d runs per server after a"
            + " %s s warm-up, %s s each, %d senders, %d probes, %d-byte messages. Meta: %s. Load"
            + " average at the start: %s.%n",
        started.atOffset(ZoneOffset.UTC).toString(),
        cores,
        ProcCpu.allowedCores(ProcessHandle.current().pid()),
        runs,
        BenchReport.number(warmup, 0),
        BenchReport.number(options.seconds(), 1),
        options.senders(),
        options.probes(),
        options.size(),
        String.join(", ", line.all("meta")),
        read("/proc/loadavg"));
  }

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path)).trim();
    } catch (IOException e) {
      return "?";
    }
  }
}
