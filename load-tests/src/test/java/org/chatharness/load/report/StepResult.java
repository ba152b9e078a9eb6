package org.chatharness.load.report;

import org.chatharness.load.ledger.DeliveryLedger;

/**
 * One row of a capacity summary: the load offered in a step and what came of it.
 *
 * @param serverCpu share of one core the server used (1.0 = a whole core), NaN when unknown
 * @param loadGeneratorCpu share of one core the Gatling JVM used
 * @param loadGeneratorCores cores the Gatling JVM may use
 * @param otherProcessesCpu share of one core that the rest of the machine used meanwhile
 */
public record StepResult(
    int step,
    int users,
    double offeredSendsPerSecond,
    double sendsPerSecond,
    double deliveriesPerSecond,
    double p50Millis,
    double p95Millis,
    double p99Millis,
    long echoTimeouts,
    long missingCopies,
    long doubledCopies,
    double serverCpu,
    double serverCpuMicrosPerDelivery,
    double loadGeneratorCpu,
    int loadGeneratorCores,
    double otherProcessesCpu) {

  /**
   * Measures step {@code step} from the ledger's books and the CPU samples, over the time the step
   * really took: from its first send to its last, less the spread of the senders' start times (they
   * start spread over the first step's interval and keep that phase), plus one interval. That is
   * the planned time when senders kept up, and longer when, waiting for their own copies, they fell
   * behind. CPU is taken over the first to last send.
   *
   * @param plannedSeconds how long the step should take at the offered rate
   * @param intervalSeconds the time between two sends of one sender in this step
   * @param spreadSeconds over how long the senders' first sends were spread
   */
  public static StepResult measure(
      DeliveryLedger ledger,
      CpuSampler cpu,
      int step,
      int users,
      double offeredSendsPerSecond,
      double plannedSeconds,
      double intervalSeconds,
      double spreadSeconds) {
    DeliveryLedger.StepTally tally = ledger.tally(step);
    long from = ledger.stepStartNanos(step);
    long to = ledger.stepEndNanos(step);
    double span = to > from ? (to - from) / 1e9 : 0;
    double stepSeconds = Math.max(plannedSeconds, span - spreadSeconds + intervalSeconds);
    double serverShare = Double.NaN;
    double loadGeneratorShare = Double.NaN;
    double microsPerDelivery = Double.NaN;
    double others = Double.NaN;
    if (from != 0 && to > from) {
      serverShare = cpu.serverShare(from, to);
      loadGeneratorShare = cpu.loadGeneratorShare(from, to);
      others = cpu.othersShare(from, to);
      long serverNanos = cpu.serverCpuNanos(from, to);
      double seconds = (to - from) / 1e9;
      double deliveries = tally.receivedCopies() * seconds / stepSeconds;
      if (serverNanos >= 0 && deliveries > 0) {
        microsPerDelivery = serverNanos / 1e3 / deliveries;
      }
    }
    return new StepResult(
        step,
        users,
        offeredSendsPerSecond,
        tally.messages() / stepSeconds,
        tally.receivedCopies() / stepSeconds,
        tally.latencies().percentileMillis(50),
        tally.latencies().percentileMillis(95),
        tally.latencies().percentileMillis(99),
        tally.messages() - tally.echoes(),
        tally.missingCopies(),
        tally.doubledCopies(),
        serverShare,
        microsPerDelivery,
        loadGeneratorShare,
        cpu.loadGeneratorCores(),
        others);
  }

  /**
   * A step is good when its p99 is under the threshold, nothing failed or was lost, and the senders
   * kept up with the offered rate (within 5%).
   */
  public boolean passes(double p99ThresholdMillis) {
    return errors() == 0 && p99Millis <= p99ThresholdMillis && keptUp();
  }

  /** True when the senders sent at least 95% of the offered rate. */
  public boolean keptUp() {
    return sendsPerSecond >= 0.95 * offeredSendsPerSecond;
  }

  /** Echoes that never came back, copies lost and copies doubled. */
  public long errors() {
    return echoTimeouts + missingCopies + doubledCopies;
  }

  /** True when Gatling itself used more than 85% of the cores it may use. */
  public boolean loadGeneratorSaturated() {
    return loadGeneratorCpu > 0.85 * loadGeneratorCores;
  }
}
