package org.chatharness.load.probes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GcPausesTest {

  @Test
  void separatesTheJvmsOwnCollectionsFromTheOnesAProbeForced() {
    String exposition =
        "jvm_gc_pause_seconds_count{action=\"end of major GC\",cause=\"Heap Inspection Initiated"
            + " GC\",gc=\"G1 Old Generation\"} 2\n"
            + "jvm_gc_pause_seconds_sum{action=\"end of major GC\",cause=\"Heap Inspection Initiated"
            + " GC\",gc=\"G1 Old Generation\"} 0.05\n"
            + "jvm_gc_pause_seconds_count{action=\"end of minor GC\",cause=\"G1 Evacuation"
            + " Pause\",gc=\"G1 Young Generation\"} 3\n"
            + "jvm_gc_pause_seconds_sum{action=\"end of minor GC\",cause=\"G1 Evacuation"
            + " Pause\",gc=\"G1 Young Generation\"} 0.039\n"
            + "jvm_gc_pause_seconds_max{action=\"end of minor GC\",cause=\"G1 Evacuation"
            + " Pause\",gc=\"G1 Young Generation\"} 0.016\n";

    GcPauses gc = GcPauses.parse(exposition);

    assertThat(gc.pauses()).isEqualTo(3);
    assertThat(gc.seconds()).isEqualTo(0.039);
    assertThat(gc.forced()).isEqualTo(2);
    assertThat(gc.since(new GcPauses(1, 0.01, 2)).pauses()).isEqualTo(2);
  }
}
