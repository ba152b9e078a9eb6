package org.chatharness.load.raw;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The side-by-side report: medians, ratios to the baseline, and the generator's own limit. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BenchReportTest {
  private static final RunResult.Load LOAD = new RunResult.Load(1000, 10, 10, 40, 10, 100);

  @Test
  void theMedianOfAnOddCountIsTheMiddleAndOfAnEvenCountTheMeanOfTheTwo() {
    assertThat(
            ServerSummary.median(
                List.of(run(3, 0), run(1, 0), run(2, 0)), r -> r.cpu().serverUsPerDelivery()))
        .isEqualTo(2);
    assertThat(
            ServerSummary.median(List.of(run(4, 0), run(1, 0)), r -> r.cpu().serverUsPerDelivery()))
        .isEqualTo(2.5);
    assertThat(
            ServerSummary.median(
                List.of(run(Double.NaN, 0), run(5, 0)), r -> r.cpu().serverUsPerDelivery()))
        .as("a run without a figure does not count")
        .isEqualTo(5);
  }

  @Test
  void eachServerIsDividedByTheBaseline() {
    String table =
        BenchReport.markdown(
            LOAD,
            List.of(
                new ServerSummary.ServerRuns("ours", List.of(run(12, 0), run(14, 0), run(13, 0))),
                new ServerSummary.ServerRuns(
                    "theirs", List.of(run(10, 0), run(10, 0), run(11, 0)))),
            "theirs");

    assertThat(table)
        .contains("### 1,000 clients, 10 senders, 40.00 messages/s (40,000 deliveries/s)")
        .contains("|  | ours | theirs | ours / theirs |")
        .contains("| server CPU per delivery, µs | 13.00 | 10.00 | 1.30 |")
        .contains("| lost deliveries, all runs | 0 | 0 |  |");
  }

  @Test
  void lostDeliveriesAreSummedOverRuns() {
    ServerSummary summary =
        ServerSummary.of(new ServerSummary.ServerRuns("ours", List.of(run(1, 2), run(1, 3))));

    assertThat(summary.lost()).isEqualTo(5);
  }

  @Test
  void aBusyGeneratorOrLateSendersAreNamedAsTheLimit() {
    Senders.Outcome onTime = new Senders.Outcome(400, 0, 0, 2_000_000, null);
    Senders.Outcome late = new Senders.Outcome(400, 0, 0, 80_000_000, null);

    assertThat(LoadRun.generatorLimit(cpu(0.95, 0.96), onTime, LOAD))
        .isEqualTo("generator at 95% of its core");
    assertThat(LoadRun.generatorLimit(cpu(0.40, 0.97), onTime, LOAD))
        .isEqualTo("generator's core 97% busy (other processes on it)");
    assertThat(LoadRun.generatorLimit(cpu(0.40, 0.45), late, LOAD))
        .isEqualTo("senders fell 80 ms behind their plan");
    assertThat(LoadRun.generatorLimit(cpu(0.40, 0.45), onTime, LOAD)).isNull();
  }

  @Test
  void otherProcessesOnTheServersCoreAreNamedFromATenthOn() {
    assertThat(LoadRun.disturbed(serverCoreOthers(0.35)))
        .isEqualTo("other processes took 35% of the server's core");
    assertThat(LoadRun.disturbed(serverCoreOthers(0.05))).isNull();
    assertThat(LoadRun.disturbed(serverCoreOthers(Double.NaN))).as("not measured").isNull();
  }

  @Test
  void aRunsLineSaysWhatMakesItDoubtful() {
    RunResult doubtful =
        new RunResult(
            LOAD,
            new RunResult.Handshakes(1, 1, 2, 3),
            new RunResult.Completeness(400, 399_000, 1000, 0, 1, "connection 7: closed", 0, 0, 0),
            new RunResult.Cpu(10, 0.5, 0.2, 12, 5, 0.3, 0.95, 0.96, 1.2),
            new RunResult.Latency(4000, 5, 20, 30),
            new RunResult.Pace(1, 10, "generator at 95% of its core", "others took 30%"),
            null);

    assertThat(BenchReport.line("run 1 ours", doubtful))
        .startsWith("run 1 ours: 12.00 µs/delivery (5.00 in the kernel")
        .contains("lost 1000")
        .endsWith(
            "[1 connections ended, first connection 7: closed; generator-bound: generator at 95%"
                + " of its core; disturbed: others took 30%]");
    assertThat(BenchReport.notes(run(12, 0))).as("a clean run").isNull();
  }

  @Test
  void aMessageLostAndAnotherDoubledIsNotCleanThoughTheBytesAddUp() {
    RunResult swapped =
        new RunResult(
            LOAD,
            new RunResult.Handshakes(1, 1, 2, 3),
            new RunResult.Completeness(400, 400_000, 0, 0, 0, null, 1, 1, 0),
            new RunResult.Cpu(10, 0.5, 0.2, 12, 5, 0, 0.3, 0.3, 0.1),
            new RunResult.Latency(4000, 5, 20, 30),
            new RunResult.Pace(1, 10, null, null),
            null);

    assertThat(swapped.clean()).isFalse();
    assertThat(BenchReport.notes(swapped)).isEqualTo("probes: 1 missing, 1 twice, 0 out of order");
    assertThat(run(12, 0).clean()).as("a clean run").isTrue();
  }

  private static RunResult.Cpu serverCoreOthers(double share) {
    return new RunResult.Cpu(10, 0.5, 0.2, 12, 5, share, 0.3, 0.3, 0);
  }

  private static RunResult.Cpu cpu(double generator, double core) {
    return new RunResult.Cpu(10, 0.5, 0.2, 12, 5, 0, generator, core, 0);
  }

  private static RunResult run(double usPerDelivery, long lost) {
    return new RunResult(
        LOAD,
        new RunResult.Handshakes(1, 1, 2, 3),
        new RunResult.Completeness(400, 400_000 - lost, lost, 0, 0, null, 0, 0, 0),
        new RunResult.Cpu(10, 0.5, 0.2, usPerDelivery, usPerDelivery / 2, 0, 0.3, 0.3, 0.1),
        new RunResult.Latency(4000, 5, 20, 30),
        new RunResult.Pace(1, 10, null, null),
        null);
  }
}
