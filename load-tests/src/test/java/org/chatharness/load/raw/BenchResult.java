package org.chatharness.load.raw;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.chatharness.load.raw.ServerSummary.ServerRuns;

/**
 * What an A/B bench leaves behind, built as it goes: {@code result.json} (everything, machine-
 * readable) and {@code result.md} (the tables), both written even when the bench stops early.
 */
final class BenchResult {
  private final Map<String, Object> json = new LinkedHashMap<>();
  private final List<Object> servers = new ArrayList<>();
  private final List<Object> scenarios = new ArrayList<>();
  private final StringBuilder markdown = new StringBuilder();
  private final String baseline;

  BenchResult(AbBench.Plan plan, Instant started) {
    this.baseline = plan.baseline();
    json.put("started", started.toString());
    json.put("meta", plan.meta());
    json.put("machine", machine());
    Map<String, Object> generator = RunResult.components(plan.options());
    generator.put("drainTimeout", plan.options().drainTimeout().toMillis() / 1000.0);
    generator.put("runs", plan.runs());
    generator.put("warmupSeconds", plan.warmup());
    generator.put("baseline", plan.baseline());
    json.put("generator", generator);
    json.put("servers", servers);
    json.put("scenarios", scenarios);
    markdown.append(
        String.format(
            Locale.ROOT,
            "# A/B bench, %s%n%nServers on cores %s, generator on cores %s; %d runs per server"
                + " after a %s s warm-up, %s s each, %d senders, %d probes, %d-byte messages."
                + " Meta: %s. Load average at the start: %s.%n",
            started.atOffset(ZoneOffset.UTC),
            plan.serverCores(),
            ProcCpu.allowedCores(ProcessHandle.current().pid()),
            plan.runs(),
            BenchReport.number(plan.warmup(), 0),
            BenchReport.number(plan.options().seconds(), 1),
            plan.options().senders(),
            plan.options().probes(),
            plan.options().size(),
            String.join(
                ", ",
                plan.meta().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()),
            read("/proc/loadavg")));
  }

  void addServer(BenchServer server) {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("name", server.name());
    info.put("command", server.command());
    info.put("pid", server.pid());
    info.put("executable", server.executable());
    info.put("cores", server.cores());
    info.put("log", server.log().toString());
    servers.add(info);
  }

  /** Adds a scenario's runs; returns its tables in markdown. */
  String addScenario(RunResult.Load load, List<ServerRuns> measured) {
    Map<String, Object> scenario = new LinkedHashMap<>();
    scenario.put("load", RunResult.components(load));
    scenario.put("medians", BenchReport.summaryMap(measured, baseline));
    List<Object> runs = new ArrayList<>();
    for (ServerRuns s : measured) {
      for (int i = 0; i < s.runs().size(); i++) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("server", s.server());
        run.put("run", i + 1);
        run.putAll(s.runs().get(i).toMap());
        runs.add(run);
      }
    }
    scenario.put("runs", runs);
    scenarios.add(scenario);
    String tables = BenchReport.markdown(load, measured, baseline);
    markdown.append('\n').append(tables);
    return tables;
  }

  /** Writes {@code result.json} and {@code result.md} into {@code dir}. */
  void write(Path dir) throws IOException {
    Files.writeString(dir.resolve("result.json"), Json.write(json));
    Files.writeString(dir.resolve("result.md"), markdown.toString());
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

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path)).trim();
    } catch (IOException e) {
      return "?";
    }
  }
}
