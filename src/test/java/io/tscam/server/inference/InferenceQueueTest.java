package io.tscam.server.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InferenceQueueTest {

  private static OnnxModel model;

  @BeforeAll
  static void load() {
    model =
        OnnxModel.load(
            ModelPackage.open(Path.of("src/test/resources/models/tiny")),
            new SessionSettings(false, 0, 1));
  }

  @AfterAll
  static void close() {
    model.close();
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

  private static org.assertj.core.data.Offset<Float> within(float tolerance) {
    return org.assertj.core.data.Offset.offset(tolerance);
  }
}
