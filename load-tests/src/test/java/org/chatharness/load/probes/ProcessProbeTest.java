package org.chatharness.load.probes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A process on this machine: its CPU, its memory (heap after GC for a JVM), its cores. */
@Timeout(60)
class ProcessProbeTest {
  private final ProcessProbe self = new ProcessProbe(ProcessHandle.current().pid());

  @Test
  void aJvmIsMeasuredByItsHeapAfterAFullGc() {
    assertThat(self.memoryBytes()).as("jcmd GC.class_histogram total").isPositive();
    assertThat(self.describe()).contains("heap after a full GC");
  }

  @Test
  void itsCpuGrowsAndItsCoresAreItsAffinity() {
    assertThat(self.cpuNanos()).isPositive();
    assertThat(self.cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void aListOfCpusIsCounted() {
    assertThat(ProcessProbe.countCpus("0")).isEqualTo(1);
    assertThat(ProcessProbe.countCpus("0-3,6")).isEqualTo(5);
  }

  @Test
  void aProcessThatIsGoneMeasuresNothing() {
    ProcessProbe gone = new ProcessProbe(Long.MAX_VALUE);

    assertThat(gone.cpuNanos()).isEqualTo(-1);
    assertThat(gone.memoryBytes()).isEqualTo(-1);
    assertThat(gone.cores()).isZero();
  }
}
