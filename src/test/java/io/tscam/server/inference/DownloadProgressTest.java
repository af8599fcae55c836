package io.tscam.server.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DownloadProgressTest {

  private final List<String> lines = new ArrayList<>();
  private long now;
  private final DownloadProgress progress =
      new DownloadProgress("http://store/m.zip", lines::add, () -> now, Duration.ofSeconds(1));

  @Test
  void logsAtMostOneLinePerSecondWithTheTotalWhenKnown() {
    progress.reset("Downloading", 5000);
    for (int i = 0; i < 50; i++) {
      progress.increment(100);
      now += Duration.ofMillis(100).toNanos();
    }
    progress.end();

    assertThat(lines)
        .containsExactly(
            "downloading http://store/m.zip: 100 of 5000 bytes",
            "downloading http://store/m.zip: 1100 of 5000 bytes",
            "downloading http://store/m.zip: 2100 of 5000 bytes",
            "downloading http://store/m.zip: 3100 of 5000 bytes",
            "downloading http://store/m.zip: 4100 of 5000 bytes",
            "downloaded http://store/m.zip: 5000 of 5000 bytes");
  }

  @Test
  void leavesTheTotalOutWhenTheServerDidNotAnnounceOne() {
    progress.reset("Downloading", -1);
    progress.increment(42);
    progress.end();
    progress.end();

    assertThat(lines)
        .containsExactly(
            "downloading http://store/m.zip: 42 bytes", "downloaded http://store/m.zip: 42 bytes");
  }
}
