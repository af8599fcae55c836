package io.tscam.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {

  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong clock = new AtomicLong();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void meterTellsRateAndTimeLeft() {
    ProgressMeter meter = new ProgressMeter(1000, clock::get);
    assertThat(meter.eta(0)).isEqualTo("?");
    clock.set(10 * SECOND);
    assertThat(meter.imagesPerSecond(250)).isEqualTo(25.0);
    assertThat(meter.describe(250)).isEqualTo("250/1000 images (25%), 25.0 images/s, ETA 30s");
    assertThat(meter.eta(50)).isEqualTo("3m10s");
    assertThat(meter.eta(2)).isEqualTo("1h23m");
  }

  @Test
  void linesComeAtEveryTenthOnly() {
    ProgressMeter meter = new ProgressMeter(25, clock::get);
    Progress progress = Progress.on(out, false, meter, "evaluated");
    for (int done = 1; done <= 25; done++) {
      clock.addAndGet(SECOND);
      progress.advance(done);
    }
    progress.finish();
    assertThat(printed().lines())
        .hasSize(10)
        .first()
        .isEqualTo("evaluated 3/25 images (12%), 1.0 images/s, ETA 22s");
    assertThat(printed().lines()).last().asString().startsWith("evaluated 25/25 images (100%)");
    assertThat(printed()).doesNotContain("\r");
  }

  @Test
  void aTerminalGetsOneBarRedrawnInPlace() {
    ProgressMeter meter = new ProgressMeter(4, clock::get);
    Progress progress = Progress.on(out, true, meter, "evaluated");
    clock.set(2 * SECOND);
    progress.advance(1);
    clock.addAndGet(SECOND / 20);
    progress.advance(2); // within 100 ms of the last draw: not redrawn
    progress.advance(4); // the last image is always drawn
    progress.finish();
    assertThat(printed().split("\r", -1))
        .containsExactly(
            "",
            "[########......................] 1/4 images (25%), 0.5 images/s, ETA 6s   ",
            "[##############################] 4/4 images (100%), 2.0 images/s, ETA 0s   "
                + System.lineSeparator());
  }
}
