package io.tscam.server.inference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SessionSettingsTest {

  private static final boolean CUDA = true;

  @Test
  void onCpuTheDefaultIsOneSingleThreadedWorkerPerCoreAndAWideLatencySession() {
    assertThat(auto(!CUDA).resolve(ExecutionProvider.CPU, 8)).isEqualTo(new Parallelism(8, 1, 8));
  }

  @Test
  void onCudaTheDefaultIsOneWorkerAndNoLatencySession() {
    assertThat(auto(CUDA).resolve(ExecutionProvider.CUDA, 8)).isEqualTo(new Parallelism(1, 8, 0));
  }

  @Test
  void cudaThatFellBackToCpuGetsTheCpuDefaults() {
    assertThat(auto(CUDA).resolve(ExecutionProvider.CPU, 4)).isEqualTo(new Parallelism(4, 1, 4));
  }

  @Test
  void theCoresAreSharedOutAmongTheWorkersGiven() {
    SessionSettings twoWorkers = new SessionSettings(false, 0, 2, 0, true);
    assertThat(twoWorkers.resolve(ExecutionProvider.CPU, 8)).isEqualTo(new Parallelism(2, 4, 8));
    assertThat(twoWorkers.resolve(ExecutionProvider.CPU, 1)).isEqualTo(new Parallelism(2, 1, 0));
  }

  @Test
  void aLatencySessionNoWiderThanAWorkersRunsIsNotOpened() {
    SessionSettings oneWideWorker = new SessionSettings(false, 0, 1, 0, true);
    assertThat(oneWideWorker.resolve(ExecutionProvider.CPU, 4)).isEqualTo(new Parallelism(1, 4, 0));
  }

  @Test
  void theLatencySessionCanBeTurnedOff() {
    SessionSettings off = new SessionSettings(false, 0, 0, 0, false);
    assertThat(off.resolve(ExecutionProvider.CPU, 4)).isEqualTo(new Parallelism(4, 1, 0));
  }

  @ParameterizedTest(name = "max-size {0}, {1} workers on {2}: {3} each")
  @CsvSource({
    "8, 1, CPU, 8",
    "8, 2, CPU, 4",
    "8, 3, CUDA, 2",
    "8, 16, CPU, 1",
    "0, 2, CPU, 1",
    "0, 1, CPU, 1",
    "0, 1, CUDA, 8",
    "0, 2, CUDA, 4"
  })
  void maxSizeIsSharedOutAmongTheWorkersAndWithoutOneACpuWorkerRunsOneImage(
      int maxSize, int workers, ExecutionProvider provider, int perWorker) {
    BatchingSettings batching = new BatchingSettings(maxSize, java.time.Duration.ofMillis(5), 64);
    assertThat(batching.perWorker(workers, provider)).isEqualTo(perWorker);
  }

  private static SessionSettings auto(boolean cuda) {
    return new SessionSettings(cuda, 0, 0, 0, true);
  }
}
