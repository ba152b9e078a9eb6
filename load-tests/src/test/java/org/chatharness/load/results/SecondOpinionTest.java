package org.chatharness.load.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Another generator's figure against ours: they agree within 15%, or the run says they do not. */
@Timeout(10)
class SecondOpinionTest {
  @TempDir Path dir;

  private SecondOpinion against(double ours, String json) throws IOException {
    Path other = dir.resolve("raw.json");
    Files.writeString(other, json);
    return SecondOpinion.of(Runs.step(0, 40, 30, ours), other);
  }

  @Test
  void figuresWithinFifteenPercentAgree() throws IOException {
    SecondOpinion second =
        against(
            11.0,
            "{\"cpu\":{\"windowSeconds\":30,\"serverShare\":0.4,\"serverUsPerDelivery\":10.0},"
                + "\"pace\":{\"generatorLimit\":null}}");

    assertThat(second.agrees()).isTrue();
    assertThat(second.finding())
        .contains("11.00 µs under Gatling, 10.00 µs")
        .contains("+10%")
        .contains("its core was not the limit");
  }

  @Test
  void figuresFurtherApartDisagreeAndAFullGeneratorIsNamed() throws IOException {
    SecondOpinion second =
        against(
            13.0,
            "{\"cpu\":{\"windowSeconds\":30,\"serverShare\":0.4,\"serverUsPerDelivery\":10.0},"
                + "\"pace\":{\"generatorLimit\":\"its core was 97% busy\"}}");

    assertThat(second.agrees()).isFalse();
    assertThat(second.finding()).contains("DISAGREE").contains("LIMIT, its core was 97% busy");
  }

  @Test
  void aFileWithoutTheFigureNeverAgrees() throws IOException {
    assertThat(against(10.0, "{}").agrees()).isFalse();
  }

  @Test
  void aRunTooShortToMeasureTheServerIsNotJudged() throws IOException {
    SecondOpinion second =
        against(
            13.0,
            "{\"cpu\":{\"windowSeconds\":3,\"serverShare\":0.06,\"serverUsPerDelivery\":10.0}}");

    assertThat(second.judged()).isFalse();
    assertThat(second.finding()).contains("not judged: 0.18 s of server CPU");
  }
}
