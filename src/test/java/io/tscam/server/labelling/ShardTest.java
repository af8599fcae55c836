package io.tscam.server.labelling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tscam.server.console.UsageException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardTest {

  private static final Map<String, String> POD_3 = Map.of(Shard.JOB_COMPLETION_INDEX, "3");

  @Test
  void theShardComesFromTheOptionOrFromAnIndexedJobsIndex() {
    assertThat(Shard.resolve(null, null, Map.of())).isEqualTo(Shard.WHOLE);
    assertThat(Shard.resolve("2/5", null, Map.of())).isEqualTo(new Shard(2, 5));
    assertThat(Shard.resolve(null, 8, POD_3)).isEqualTo(new Shard(3, 8));
    assertThat(Shard.resolve("1/8", 8, POD_3)).isEqualTo(new Shard(1, 8));
    assertThat(new Shard(3, 8).partFileName()).isEqualTo("part-3-of-8.json");
    assertThat(Shard.ofPartFile("part-3-of-8.json")).isEqualTo(new Shard(3, 8));
    assertThat(Shard.ofPartFile("part-3-of-8.journal")).isNull();
  }

  @Test
  void aShardThatCannotBeIsAUsageError() {
    assertThatThrownBy(() -> Shard.resolve("4/4", null, Map.of()))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("0 <= INDEX < COUNT");
    assertThatThrownBy(() -> Shard.resolve("1-4", null, Map.of()))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("INDEX/COUNT");
    assertThatThrownBy(() -> Shard.resolve(null, 4, Map.of()))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("JOB_COMPLETION_INDEX");
    assertThatThrownBy(() -> Shard.resolve(null, null, POD_3))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("--shard-count");
    assertThatThrownBy(() -> Shard.resolve("1/4", 8, Map.of()))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("disagree");
  }
}
