package org.chatharness.load.results;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.chatharness.load.ledger.DeliveryLedger;
import org.chatharness.load.probes.CpuSampler;

/**
 * One row of a run's table: the load offered in a step and what came of it. CPU figures are shares
 * of one core (1.0 = a whole core busy), NaN when unknown; latencies are the run's one latency
 * figure ({@link RunResult#latencyFigure()}).
 *
 * @param keptUp whether the senders kept up with the offered rate (see {@link #measure})
 * @param ownCopiesLate senders' own copies that did not come back within the timeout (echo on)
 * @param serverCores cores the server may use (0: unknown)
 * @param otherCpu what the rest of the machine used meanwhile, as a share of one core
 * @param limitedBy what limited the step: a CPU that was full, or the offered load
 * @param p99BoundMillis the p99 a passing step stays within
 */
public record StepResult(
    int step,
    int users,
    double offeredSendsPerSecond,
    double sendsPerSecond,
    double deliveriesPerSecond,
    boolean keptUp,
    double p50Millis,
    double p95Millis,
    double p99Millis,
    double maxMillis,
    long ownCopiesLate,
    long missingCopies,
    long doubledCopies,
    double serverCpu,
    int serverCores,
    double serverMicrosPerDelivery,
    double generatorCpu,
    int generatorCores,
    double otherCpu,
    String limitedBy,
    double p99BoundMillis) {

  /** A CPU above this share of its cores counts as full. */
  public static final double SATURATED = 0.85;

  /**
   * Measures step {@code step} from the ledger's books and the CPU samples, over the time the step
   * really took: from its first send to its last, less the spread of the senders' start times (they
   * start spread over the first interval and keep that phase), plus one interval. That is the
   * planned time when senders kept up, and longer when, waiting for their own copies, they fell
   * behind: they kept up when the step took at most 5% or one interval (a sender's pace) longer,
   * whichever is more. CPU is taken over the first to last send.
   *
   * @param plannedSeconds how long the step should take at the offered rate
   * @param intervalSeconds the time between two sends of one sender in this step
   * @param spreadSeconds over how long the senders' first sends were spread
   * @param p99BoundMillis the p99 a passing step stays within
   */
  public static StepResult measure(
      DeliveryLedger ledger,
      CpuSampler cpu,
      int step,
      double offeredSendsPerSecond,
      double plannedSeconds,
      double intervalSeconds,
      double spreadSeconds,
      double p99BoundMillis) {
    DeliveryLedger.StepTally tally = ledger.tally(step);
    long from = ledger.stepStartNanos(step);
    long to = ledger.stepEndNanos(step);
    double span = to > from ? (to - from) / 1e9 : 0;
    double stepSeconds = Math.max(plannedSeconds, span - spreadSeconds + intervalSeconds);
    double microsPerDelivery = Double.NaN;
    long serverNanos = cpu.serverCpuNanos(from, to);
    double deliveriesInWindow = tally.receivedCopies() * span / stepSeconds;
    if (serverNanos >= 0 && deliveriesInWindow > 0) {
      microsPerDelivery = serverNanos / 1e3 / deliveriesInWindow;
    }
    double serverCpu = cpu.serverShare(from, to);
    double generatorCpu = cpu.loadGeneratorShare(from, to);
    return new StepResult(
        step,
        ledger.connectedUsers(),
        offeredSendsPerSecond,
        tally.messages() / stepSeconds,
        tally.receivedCopies() / stepSeconds,
        keptUp(stepSeconds, plannedSeconds, intervalSeconds),
        tally.latencies().percentileMillis(50),
        tally.latencies().percentileMillis(95),
        tally.latencies().percentileMillis(99),
        tally.latencies().maxMillis(),
        tally.ownCopiesLate(),
        tally.missingCopies(),
        tally.doubledCopies(),
        serverCpu,
        cpu.serverCores(),
        microsPerDelivery,
        generatorCpu,
        cpu.loadGeneratorCores(),
        cpu.othersShare(from, to),
        limit(serverCpu, cpu.serverCores(), generatorCpu, cpu.loadGeneratorCores()),
        p99BoundMillis);
  }

  /**
   * Whether senders kept up: a step that took at most 5% longer than planned, or one send interval
   * longer (a sender that slipped by one pace), whichever is more.
   */
  static boolean keptUp(double tookSeconds, double plannedSeconds, double intervalSeconds) {
    return tookSeconds <= Math.max(plannedSeconds / 0.95, plannedSeconds + intervalSeconds);
  }

  /** What limited a step: the load generator's cores, the server's, or neither. */
  static String limit(double server, int serverCores, double generator, int generatorCores) {
    if (generator > SATURATED * generatorCores) {
      return String.format(
          java.util.Locale.ROOT,
          "the load generator's CPU (%.0f%% of its %d core(s)): figures measure Gatling, not the"
              + " server",
          100 * generator,
          generatorCores);
    }
    if (serverCores > 0 && server > SATURATED * serverCores) {
      return String.format(
          java.util.Locale.ROOT,
          "the server's CPU (%.0f%% of its %d core(s))",
          100 * server,
          serverCores);
    }
    return "neither CPU was full: the offered load";
  }

  /** True when the step passed: see {@link #verdict}. */
  public boolean passes() {
    return "ok".equals(verdict());
  }

  /** Own copies late, copies lost and copies doubled. */
  public long errors() {
    return ownCopiesLate + missingCopies + doubledCopies;
  }

  /**
   * "ok" when nothing failed or was lost, the senders kept up with the offered rate (within 5%) and
   * the p99 is within its bound; else why not. results.json holds it as {@code verdict}.
   */
  @JsonProperty("verdict")
  public String verdict() {
    if (errors() > 0) {
      return String.format(
          java.util.Locale.ROOT,
          "%d own copies late, %d copies missing, %d doubled",
          ownCopiesLate,
          missingCopies,
          doubledCopies);
    }
    if (!keptUp) {
      return "senders fell behind the offered rate";
    }
    if (!(p99Millis <= p99BoundMillis)) {
      return "p99 " + Summary.fmt(p99Millis) + " ms, over " + Summary.fmt(p99BoundMillis) + " ms";
    }
    return "ok";
  }
}
