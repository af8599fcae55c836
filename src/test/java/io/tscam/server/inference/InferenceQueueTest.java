package io.tscam.server.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InferenceQueueTest {

  private static final Path TINY = Path.of("src/test/resources/models/tiny");

  private static OnnxModel model;

  /** Two workers of one thread each, and the latency session where there is more than one core. */
  private static OnnxModel twoWorkers;

  @BeforeAll
  static void load() {
    model = OnnxModel.load(ModelPackage.open(TINY), new SessionSettings(false, 0, 1));
    twoWorkers = OnnxModel.load(ModelPackage.open(TINY), new SessionSettings(false, 0, 2, 1, true));
  }

  @AfterAll
  static void close() {
    model.close();
    twoWorkers.close();
  }

  @Test
  void workersRunBatchesAtTheSameTimeAndAnswerEveryRequestOnceWithItsOwnOutputs() throws Exception {
    List<float[]> inputs = randomInputs(40);
    List<ImageOutputs> alone = aloneOnTheSingleWorker(inputs);
    // The first two runs wait for each other: with one batch at a time they would time out.
    CyclicBarrier bothRunning = new CyclicBarrier(2);
    AtomicInteger runs = new AtomicInteger();
    AtomicInteger inRun = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    BatchRunner observed =
        (buffers, batch, lane) -> {
          mostAtOnce.accumulateAndGet(inRun.incrementAndGet(), Math::max);
          try {
            if (runs.incrementAndGet() <= 2) {
              bothRunning.await(10, TimeUnit.SECONDS);
            }
            twoWorkers.run(buffers, batch, lane);
          } catch (Exception e) {
            throw new IllegalStateException("the runs were not concurrent", e);
          } finally {
            inRun.decrementAndGet();
          }
        };
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<CompletableFuture<ImageOutputs>> pending = new ArrayList<>();
    try (InferenceQueue queue =
        new InferenceQueue(
            twoWorkers,
            observed,
            new BatchingSettings(4, Duration.ofMillis(2), 64),
            registry,
            ObservationRegistry.NOOP)) {
      List<InferenceQueue.Arrival> arrivals = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        arrivals.add(queue.expectArrival());
      }
      for (int i = 0; i < inputs.size(); i++) {
        pending.add(arrivals.get(i).submit(inputs.get(i), AttentionReadout.FULL));
      }
      for (int i = 0; i < inputs.size(); i++) {
        ImageOutputs outputs = pending.get(i).get(30, TimeUnit.SECONDS);
        assertThat(maxDifference(outputs.logits(), alone.get(i).logits())).isLessThan(1e-5f);
        assertThat(maxDifference(outputs.attention(), alone.get(i).attention()))
            .as("request %d", i)
            .isLessThan(1e-5f);
      }
    }
    assertThat(mostAtOnce.get()).isEqualTo(2);
    double ranImages =
        registry.get("tscam.batch.size").summaries().stream()
            .mapToDouble(summary -> summary.totalAmount())
            .sum();
    assertThat(ranImages).as("every request ran exactly once").isEqualTo(inputs.size());
    assertThat(registry.get("tscam.batch.size").summaries())
        .as("max-size 4 shared out among two workers")
        .allMatch(summary -> summary.max() <= 2);
    assertThat(registry.get("tscam.inference.workers").gauge().value()).isEqualTo(2);
    assertThat(registry.get("tscam.inference.running").gauge().value()).isZero();
  }

  @Test
  void aLoneRequestTakesTheLatencySessionAndGetsTheSameOutputs() throws Exception {
    assumeTrue(twoWorkers.parallelism().hasLatencySession(), "one core: no latency session");
    float[] input = randomInputs(1).get(0);
    ImageOutputs worker = aloneOnTheSingleWorker(List.of(input)).get(0);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (InferenceQueue queue =
        new InferenceQueue(
            twoWorkers, new BatchingSettings(8, Duration.ofMillis(5), 8), registry)) {
      ImageOutputs lone =
          queue.expectArrival().submit(input, AttentionReadout.FULL).get(10, TimeUnit.SECONDS);

      assertThat(maxDifference(lone.logits(), worker.logits())).isLessThan(1e-5f);
      assertThat(maxDifference(lone.featureMaps(), worker.featureMaps())).isLessThan(1e-5f);
      assertThat(maxDifference(lone.attention(), worker.attention())).isLessThan(1e-5f);
    }
    assertThat(registry.get("tscam.batch.size").tag("lane", "latency").summary().count())
        .isEqualTo(1);
    assertThat(registry.get("tscam.batch.size").tag("lane", "workers").summary().count()).isZero();
    assertThat(registry.get("tscam.inference.threads").tag("lane", "latency").gauge().value())
        .isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void aBatchRunsBesideARunningOneOnTheWorkersLane() throws Exception {
    List<float[]> inputs = randomInputs(2);
    CyclicBarrier bothRunning = new CyclicBarrier(2);
    List<Lane> lanes = java.util.Collections.synchronizedList(new ArrayList<>());
    BatchRunner observed =
        (buffers, batch, lane) -> {
          lanes.add(lane);
          try {
            bothRunning.await(10, TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new IllegalStateException("the runs were not concurrent", e);
          }
          twoWorkers.run(buffers, batch, lane);
        };
    try (InferenceQueue queue =
        new InferenceQueue(
            twoWorkers,
            observed,
            new BatchingSettings(8, Duration.ofMillis(5), 8),
            new SimpleMeterRegistry(),
            ObservationRegistry.NOOP)) {
      CompletableFuture<ImageOutputs> first =
          queue.expectArrival().submit(inputs.get(0), AttentionReadout.CLASS_TOKEN_ROWS);
      // The first batch is running (held at the barrier) when the second one is queued.
      while (lanes.isEmpty()) {
        Thread.onSpinWait();
      }
      CompletableFuture<ImageOutputs> second =
          queue.expectArrival().submit(inputs.get(1), AttentionReadout.CLASS_TOKEN_ROWS);

      first.get(10, TimeUnit.SECONDS);
      second.get(10, TimeUnit.SECONDS);
    }
    assertThat(lanes).hasSize(2);
    assertThat(lanes.get(1)).isEqualTo(Lane.WORKERS);
  }

  @Test
  void closingWithTwoWorkersFinishesEveryAcceptedRequest() throws Exception {
    float[] input = randomInputs(1).get(0);
    List<CompletableFuture<ImageOutputs>> accepted = new ArrayList<>();
    try (InferenceQueue queue =
        new InferenceQueue(
            twoWorkers,
            new BatchingSettings(2, Duration.ofMillis(1), 32),
            new SimpleMeterRegistry())) {
      for (int i = 0; i < 30; i++) {
        accepted.add(queue.expectArrival().submit(input, AttentionReadout.CLASS_TOKEN_ROWS));
      }
    }
    assertThat(accepted).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
  }

  @Test
  void aRequestAnnouncedBeforeClosingIsStillAnsweredOrRefusedNeverLeftWaiting() throws Exception {
    float[] input = randomInputs(1).get(0);
    InferenceQueue queue =
        new InferenceQueue(
            twoWorkers,
            new BatchingSettings(2, Duration.ofMillis(1), 8),
            new SimpleMeterRegistry());
    InferenceQueue.Arrival announced = queue.expectArrival();
    Thread closing = new Thread(queue::close);
    closing.start();
    Thread.sleep(200);
    assertThat(closing.isAlive()).as("the workers wait for the announced request").isTrue();

    assertThatThrownBy(() -> announced.submit(input, AttentionReadout.CLASS_TOKEN_ROWS))
        .isInstanceOf(ShuttingDownException.class);
    closing.join(10_000);
    assertThat(closing.isAlive()).isFalse();
  }

  private static List<ImageOutputs> aloneOnTheSingleWorker(List<float[]> inputs) throws Exception {
    List<ImageOutputs> outputs = new ArrayList<>();
    try (InferenceQueue single = queue(1, Duration.ZERO, 16, new SimpleMeterRegistry())) {
      for (float[] input : inputs) {
        outputs.add(single.expectArrival().submit(input, AttentionReadout.FULL).get());
      }
    }
    return outputs;
  }

  @Test
  void concurrentRequestsShareBatchesAndEachGetsItsOwnOutputs() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<float[]> inputs = randomInputs(12);
    List<ImageOutputs> alone = new ArrayList<>();
    try (InferenceQueue single = queue(1, Duration.ZERO, 16, registry)) {
      for (float[] input : inputs) {
        alone.add(single.expectArrival().submit(input, AttentionReadout.FULL).get());
      }
    }
    SimpleMeterRegistry batchedRegistry = new SimpleMeterRegistry();
    try (InferenceQueue batched = queue(8, Duration.ofSeconds(5), 16, batchedRegistry)) {
      List<InferenceQueue.Arrival> arrivals = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        arrivals.add(batched.expectArrival());
      }
      List<CompletableFuture<ImageOutputs>> pending = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        pending.add(arrivals.get(i).submit(inputs.get(i), AttentionReadout.FULL));
      }
      for (int i = 0; i < inputs.size(); i++) {
        ImageOutputs together = pending.get(i).get();
        assertThat(together.logits()).containsExactly(alone.get(i).logits(), within(1e-5f));
        assertThat(together.featureMaps())
            .containsExactly(alone.get(i).featureMaps(), within(1e-5f));
      }
    }
    assertThat(batchedRegistry.get("tscam.batch.size").summary().max()).isEqualTo(8);
    assertThat(batchedRegistry.get("tscam.batch.size").summary().count()).isEqualTo(2);
  }

  @Test
  void aLoneRequestRunsWithoutWaitingOutTheMaxDelay() throws Exception {
    try (InferenceQueue queue = queue(8, Duration.ofSeconds(30), 4, new SimpleMeterRegistry())) {
      CompletableFuture<ImageOutputs> alone =
          queue.expectArrival().submit(randomInputs(1).get(0), AttentionReadout.CLASS_TOKEN_ROWS);

      assertThat(alone.get(10, TimeUnit.SECONDS).logits()).hasSize(model.geometry().numClasses());
    }
  }

  @Test
  void aBatchIsHeldOpenForARequestStillBeingDecoded() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<float[]> inputs = randomInputs(2);
    try (InferenceQueue queue = queue(8, Duration.ofSeconds(30), 4, registry)) {
      InferenceQueue.Arrival first = queue.expectArrival();
      InferenceQueue.Arrival slow = queue.expectArrival();
      CompletableFuture<ImageOutputs> early = first.submit(inputs.get(0), AttentionReadout.FULL);
      Thread.sleep(200);
      CompletableFuture<ImageOutputs> late = slow.submit(inputs.get(1), AttentionReadout.FULL);

      early.get(10, TimeUnit.SECONDS);
      late.get(10, TimeUnit.SECONDS);
    }
    assertThat(registry.get("tscam.batch.size").summary().count()).isEqualTo(1);
    assertThat(registry.get("tscam.batch.size").summary().max()).isEqualTo(2);
  }

  @Test
  void anArrivalThatGivesUpReleasesTheBatch() throws Exception {
    try (InferenceQueue queue = queue(8, Duration.ofSeconds(30), 4, new SimpleMeterRegistry())) {
      InferenceQueue.Arrival waited = queue.expectArrival();
      InferenceQueue.Arrival undecodable = queue.expectArrival();
      CompletableFuture<ImageOutputs> pending =
          waited.submit(randomInputs(1).get(0), AttentionReadout.CLASS_TOKEN_ROWS);
      undecodable.close();

      assertThat(pending.get(10, TimeUnit.SECONDS).logits()).isNotEmpty();
    }
  }

  @Test
  void requestsBeingDecodedCountAgainstTheCapacity() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (InferenceQueue queue = queue(1, Duration.ZERO, 2, registry)) {
      InferenceQueue.Arrival first = queue.expectArrival();
      InferenceQueue.Arrival second = queue.expectArrival();

      assertThatThrownBy(queue::expectArrival).isInstanceOf(QueueFullException.class);

      first.close();
      queue.expectArrival().close();
      second.close();
    }
    assertThat(registry.get("tscam.queue.rejections").counter().count()).isEqualTo(1);
  }

  @Test
  void aQueuedRequestIsCountedOnceAndLeavesTheCountWithItsBatch() throws Exception {
    List<float[]> inputs = randomInputs(2);
    try (InferenceQueue queue = queue(8, Duration.ofSeconds(30), 2, new SimpleMeterRegistry())) {
      InferenceQueue.Arrival first = queue.expectArrival();
      InferenceQueue.Arrival second = queue.expectArrival();
      CompletableFuture<ImageOutputs> queued = first.submit(inputs.get(0), AttentionReadout.FULL);

      assertThatThrownBy(queue::expectArrival).isInstanceOf(QueueFullException.class);

      second.submit(inputs.get(1), AttentionReadout.FULL).get(10, TimeUnit.SECONDS);
      queued.get(10, TimeUnit.SECONDS);
      queue.expectArrival().close();
      queue.expectArrival().close();
    }
  }

  @Test
  void classTokenRowsAreRowZeroOfEveryFullMatrix() throws Exception {
    ModelGeometry g = model.geometry();
    float[] input = randomInputs(1).get(0);
    try (InferenceQueue queue = queue(1, Duration.ZERO, 4, new SimpleMeterRegistry())) {
      float[] full = queue.expectArrival().submit(input, AttentionReadout.FULL).get().attention();
      float[] rows =
          queue.expectArrival().submit(input, AttentionReadout.CLASS_TOKEN_ROWS).get().attention();
      assertThat(rows).hasSize(g.layers() * g.heads() * g.tokens());
      for (int m = 0; m < g.layers() * g.heads(); m++) {
        for (int t = 0; t < g.tokens(); t++) {
          assertThat(rows[m * g.tokens() + t]).isEqualTo(full[m * g.tokens() * g.tokens() + t]);
        }
      }
    }
  }

  @Test
  void aFullQueueRefusesAtOnceAndCountsTheRejection() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    float[] input = randomInputs(1).get(0);
    try (InferenceQueue queue = queue(1, Duration.ZERO, 2, registry)) {
      assertThatThrownBy(
              () -> {
                for (int i = 0; i < 500; i++) {
                  queue.expectArrival().submit(input, AttentionReadout.CLASS_TOKEN_ROWS);
                }
              })
          .isInstanceOf(QueueFullException.class)
          .hasMessageContaining("full");
    }
    assertThat(registry.get("tscam.queue.rejections").counter().count()).isEqualTo(1);
  }

  @Test
  void closingFinishesEveryAcceptedRequest() throws Exception {
    float[] input = randomInputs(1).get(0);
    List<CompletableFuture<ImageOutputs>> accepted = new ArrayList<>();
    try (InferenceQueue queue = queue(2, Duration.ofMillis(1), 32, new SimpleMeterRegistry())) {
      for (int i = 0; i < 20; i++) {
        accepted.add(queue.expectArrival().submit(input, AttentionReadout.CLASS_TOKEN_ROWS));
      }
    }
    assertThat(accepted).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
  }

  @Test
  void aClosedQueueSaysItIsShuttingDownNotFullAndCountsNoRejection() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    float[] input = randomInputs(1).get(0);
    InferenceQueue queue = queue(2, Duration.ZERO, 8, registry);
    InferenceQueue.Arrival admittedBeforeClose = queue.expectArrival();
    queue.close();

    assertThatThrownBy(() -> admittedBeforeClose.submit(input, AttentionReadout.CLASS_TOKEN_ROWS))
        .isInstanceOf(ShuttingDownException.class)
        .hasMessageContaining("shutting down");
    assertThatThrownBy(queue::expectArrival).isInstanceOf(ShuttingDownException.class);
    assertThat(registry.get("tscam.queue.rejections").counter().count()).isZero();
  }

  private static InferenceQueue queue(
      int maxSize, Duration delay, int capacity, SimpleMeterRegistry registry) {
    return new InferenceQueue(model, new BatchingSettings(maxSize, delay, capacity), registry);
  }

  private static List<float[]> randomInputs(int count) {
    Random random = new Random(7);
    List<float[]> inputs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      float[] input = new float[model.geometry().inputLength()];
      for (int j = 0; j < input.length; j++) {
        input[j] = (float) random.nextGaussian();
      }
      inputs.add(input);
    }
    return inputs;
  }

  /** Compared by hand: AssertJ's diff of two long float arrays takes minutes when they differ. */
  private static float maxDifference(float[] actual, float[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    float most = 0;
    for (int i = 0; i < actual.length; i++) {
      most = Math.max(most, Math.abs(actual[i] - expected[i]));
    }
    return most;
  }

  private static org.assertj.core.data.Offset<Float> within(float tolerance) {
    return org.assertj.core.data.Offset.offset(tolerance);
  }
}
