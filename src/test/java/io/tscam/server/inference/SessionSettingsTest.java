package io.tscam.server.inference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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

  @Test
  void maxSizeIsSharedOutAmongTheWorkersAtLeastOneEach() {
    BatchingSettings batching = new BatchingSettings(8, java.time.Duration.ofMillis(5), 64);
    assertThat(batching.perWorker(1)).isEqualTo(8);
    assertThat(batching.perWorker(2)).isEqualTo(4);
    assertThat(batching.perWorker(3)).isEqualTo(2);
    assertThat(batching.perWorker(16)).isEqualTo(1);
  }

  private static SessionSettings auto(boolean cuda) {
    return new SessionSettings(cuda, 0, 0, 0, true);
  }
}
