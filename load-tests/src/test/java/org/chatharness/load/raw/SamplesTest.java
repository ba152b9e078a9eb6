package org.chatharness.load.raw;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Percentiles by nearest rank, as the reports quote them. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SamplesTest {

  @Test
  void percentilesOfAHundredValuesAreTheirRanks() {
    Samples samples = new Samples();
    for (int v = 100; v >= 1; v--) {
      samples.add(v);
    }

    assertThat(samples.percentile(0.5)).isEqualTo(50);
    assertThat(samples.percentile(0.99)).isEqualTo(99);
    assertThat(samples.max()).isEqualTo(100);
    assertThat(samples.percentile(0)).as("the smallest").isEqualTo(1);
  }

  @Test
  void fewSamplesGiveTheirLargestAsP99() {
    Samples samples = new Samples();
    samples.add(3_000_000);
    samples.add(1_000_000);

    assertThat(samples.millis(0.99)).as("2 values: p99 is the larger").isEqualTo(3.0);
    assertThat(samples.millis(0.5)).isEqualTo(1.0);
  }

  @Test
  void nothingMeasuredIsSaidAsSuch() {
    Samples empty = new Samples();

    assertThat(empty.percentile(0.5)).isEqualTo(-1);
    assertThat(empty.millis(0.99)).isNaN();
  }

  @Test
  void mergingKeepsEveryValueAndAddingAfterASortStillCounts() {
    Samples a = new Samples();
    for (int i = 0; i < 300; i++) {
      a.add(i);
    }
    assertThat(a.max()).isEqualTo(299);
    Samples b = new Samples();
    b.add(1_000);
    b.addAll(a);

    assertThat(b.count()).isEqualTo(301);
    assertThat(b.max()).as("the value added before the merge").isEqualTo(1_000);
  }
}
