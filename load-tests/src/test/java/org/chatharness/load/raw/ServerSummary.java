package org.chatharness.load.raw;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One server's runs of a scenario in one row: the median of each figure (losses summed, doubtful
 * runs counted), and its ratio to a baseline server's.
 */
record ServerSummary(
    String server,
    int runs,
    double usPerDelivery,
    double kernelUsPerDelivery,
    double serverShare,
    double p50Ms,
    double p99Ms,
    double maxMs,
    long lost,
    long extraBytes,
    int receiversEnded,
    double serverCoreOthers,
    double generatorShare,
    double otherLoad,
    double handshakeP99Ms,
    int limitedRuns,
    int disturbedRuns,
    int failedRuns) {

  /** One server's runs of a scenario, in the order they ran. */
  record ServerRuns(String server, List<RunResult> runs) {}

  static ServerSummary of(ServerRuns runs) {
    List<RunResult> r = runs.runs();
    return new ServerSummary(
        runs.server(),
        r.size(),
        median(r, x -> x.cpu().serverUsPerDelivery()),
        median(r, x -> x.cpu().serverKernelUsPerDelivery()),
        median(r, x -> x.cpu().serverShare()),
        median(r, x -> x.latency().p50Ms()),
        median(r, x -> x.latency().p99Ms()),
        median(r, x -> x.latency().maxMs()),
        r.stream().mapToLong(x -> x.completeness().lost()).sum(),
        r.stream().mapToLong(x -> x.completeness().extraBytes()).sum(),
        r.stream().mapToInt(x -> x.completeness().receiversEnded()).sum(),
        median(r, x -> x.cpu().serverCoreOthers()),
        median(r, x -> x.cpu().generatorShare()),
        median(r, x -> x.cpu().otherLoad()),
        median(r, x -> x.handshakes().p99Ms()),
        (int) r.stream().filter(x -> x.pace().generatorLimit() != null).count(),
        (int) r.stream().filter(x -> x.pace().serverDisturbed() != null).count(),
        (int) r.stream().filter(x -> x.failure() != null).count());
  }

  /** The median of the finite values (the mean of the middle two for an even count), else NaN. */
  static double median(List<RunResult> runs, ToDoubleFunction<RunResult> metric) {
    double[] values = runs.stream().mapToDouble(metric).filter(Double::isFinite).sorted().toArray();
    if (values.length == 0) {
      return Double.NaN;
    }
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }

  /** This row with, unless it is the baseline itself, its ratios to the baseline's figures. */
  Map<String, Object> toMap(ServerSummary base) {
    Map<String, Object> map = RunResult.components(this);
    if (base != null && base != this) {
      Map<String, Object> ratio = new LinkedHashMap<>();
      ratio.put("usPerDelivery", usPerDelivery / base.usPerDelivery);
      ratio.put("kernelUsPerDelivery", kernelUsPerDelivery / base.kernelUsPerDelivery);
      ratio.put("serverShare", serverShare / base.serverShare);
      ratio.put("p50Ms", p50Ms / base.p50Ms);
      ratio.put("p99Ms", p99Ms / base.p99Ms);
      ratio.put("maxMs", maxMs / base.maxMs);
      map.put("ratioTo_" + base.server, ratio);
    }
    return map;
  }
}
