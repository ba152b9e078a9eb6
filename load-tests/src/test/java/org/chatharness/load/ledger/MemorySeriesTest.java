package org.chatharness.load.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The flatness rule: a steady leak fails, noise around a level passes, the warm-up is not judged.
 */
class MemorySeriesTest {
  private static final long MIB = 1024 * 1024;

  /** 30 readings a minute apart: {@code base} MiB, growing by {@code leak} MiB a minute, noise. */
  private static MemorySeries run(double base, double leakPerMinute, double noise, long seed) {
    MemorySeries heap = new MemorySeries(6 * 60, 4, 20);
    Random random = new Random(seed);
    for (int minute = 0; minute <= 30; minute++) {
      double mib = base + leakPerMinute * minute + noise * (2 * random.nextDouble() - 1);
      heap.add(new MemorySeries.Sample(minute * 60_000_000_000L, minute * 60, (long) (mib * MIB)));
    }
    return heap;
  }

  @Test
  void noiseAroundALevelIsFlat() {
    for (long seed = 0; seed < 50; seed++) {
      assertThat(run(25, 0, 1.5, seed).verdict()).as("seed %d", seed).isEqualTo(MemorySeries.FLAT);
    }
  }

  @Test
  void aLeakOfAFewKilobytesPerMessageIsNotFlat() {
    // 2 KiB per message at 20 messages/s: 2.3 MiB a minute.
    MemorySeries leaking = run(25, 2 * 20 * 60 / 1024.0, 1.5, 1);

    assertThat(leaking.verdict()).startsWith("grows").contains("above the baseline");
    assertThat(leaking.slopeMiBPer10Min()).isBetween(20.0, 26.0);
  }

  @Test
  void whatGrowsDuringTheWarmUpIsNotJudged() {
    MemorySeries heap = new MemorySeries(6 * 60, 4, 20);
    for (int minute = 0; minute <= 30; minute++) {
      double mib = minute < 6 ? 5 + 3 * minute : 25;
      heap.add(new MemorySeries.Sample(minute * 60_000_000_000L, minute * 60, (long) (mib * MIB)));
    }

    assertThat(heap.judged()).hasSize(25);
    assertThat(heap.verdict()).isEqualTo(MemorySeries.FLAT);
  }

  @Test
  void aHeapThatCannotBeMeasuredIsNotJudgedFlat() {
    MemorySeries heap = new MemorySeries(0, 4, 20);
    for (int i = 0; i < 5; i++) {
      heap.add(new MemorySeries.Sample(i, i, -1));
    }

    assertThat(heap.verdict()).startsWith("not judged").contains("could not be measured");
  }
}
