package io.tscam.server.localization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DecodeSlotsTest {

  @Test
  void neverRunsMoreThanItsSlotsAtOnce() {
    DecodeSlots slots = new DecodeSlots(2, Duration.ofSeconds(10));
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    CompletableFuture<?>[] uploads = new CompletableFuture<?>[12];
    for (int i = 0; i < uploads.length; i++) {
      uploads[i] =
          CompletableFuture.runAsync(
              () ->
                  slots.run(
                      () -> {
                        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                        sleep(20);
                        return running.decrementAndGet();
                      }));
    }
    CompletableFuture.allOf(uploads).join();
    assertThat(mostAtOnce.get()).isEqualTo(2);
  }

  @Test
  void answersBusyWhenNoSlotFreesInTime() throws Exception {
    DecodeSlots slots = new DecodeSlots(1, Duration.ofMillis(50));
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Boolean> holder =
        CompletableFuture.supplyAsync(
            () ->
                slots.run(
                    () -> {
                      holding.countDown();
                      return await(release);
                    }));
    assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();

    assertThatThrownBy(() -> slots.run(() -> "decoded"))
        .isInstanceOf(DecodingBusyException.class)
        .hasMessageContaining("decoding slot");

    release.countDown();
    assertThat(holder.get(5, TimeUnit.SECONDS)).isTrue();
    assertThat(slots.run(() -> "decoded")).as("the slot is free again").isEqualTo("decoded");
  }

  @Test
  void freesTheSlotWhenDecodingFails() {
    DecodeSlots slots = new DecodeSlots(1, Duration.ofMillis(50));
    assertThatThrownBy(
            () ->
                slots.run(
                    () -> {
                      throw new IllegalStateException("undecodable");
                    }))
        .hasMessage("undecodable");
    assertThat(slots.run(() -> "next")).isEqualTo("next");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean await(CountDownLatch latch) {
    try {
      return latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
