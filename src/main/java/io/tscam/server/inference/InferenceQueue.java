package io.tscam.server.inference;

import ai.onnxruntime.OrtException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic micro-batching in front of the shared session, like Triton's dynamic batcher: requests
 * wait in a bounded queue; one worker gathers them into a batch (up to the max size, or until the
 * max delay after the oldest one), runs the session once and hands each request its outputs. A full
 * queue refuses at once instead of letting latency or memory grow without bound.
 *
 * <p>Unlike Triton's, the batcher knows which requests are on their way: a request announces itself
 * ({@link #expectArrival()}) before it is decoded, and a batch is held open only while some are. A
 * lone request therefore runs at once instead of waiting out the max delay for company that is not
 * coming.
 */
public final class InferenceQueue implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(InferenceQueue.class);
  private static final long ARRIVAL_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final OnnxModel model;
  private final BatchingSettings settings;
  private final BlockingQueue<Job> jobs;
  private final BatchBuffers buffers;
  private final InferenceMetrics metrics;
  private final QueueObservations observations;
  private final Thread worker;

  /** Requests announced or queued and not yet taken into a batch: what the capacity bounds. */
  private final AtomicInteger admitted = new AtomicInteger();

  /** Requests announced and not yet queued: what a batch waits for. */
  private final AtomicInteger arriving = new AtomicInteger();

  private volatile boolean accepting = true;

  /** A queue whose images leave no spans: for callers outside a traced application. */
  public InferenceQueue(OnnxModel model, BatchingSettings settings, MeterRegistry registry) {
    this(model, settings, registry, ObservationRegistry.NOOP);
  }

  /**
   * @param observations where each image's queue wait and inference spans go ({@link
   *     QueueObservations})
   */
  public InferenceQueue(
      OnnxModel model,
      BatchingSettings settings,
      MeterRegistry registry,
      ObservationRegistry observations) {
    this.model = model;
    this.observations = new QueueObservations(observations);
    this.settings = settings;
    this.jobs = new ArrayBlockingQueue<>(settings.queueCapacity());
    this.buffers = new BatchBuffers(model.geometry(), settings.maxSize());
    this.metrics = new InferenceMetrics(registry, model.provider(), jobs);
    this.worker = new Thread(this::work, "tscam-batcher");
    worker.setDaemon(true);
    worker.start();
  }

  /**
   * Announces a request about to be decoded, and holds the batch being gathered open for it. A
   * request counts against the queue's capacity from here on, so when queued and announced requests
   * fill it, the next one is refused at once: a request that would be refused anyway costs no
   * decoding, which under overload would take the CPU from the requests being served. Close the
   * arrival whatever happens; {@link Arrival#submit} queues the image.
   *
   * @throws QueueFullException when the queue is at capacity
   * @throws ShuttingDownException when the queue is closing
   */
  public Arrival expectArrival() {
    admit();
    arriving.incrementAndGet();
    return new Arrival();
  }

  /**
   * Refuses as {@link #expectArrival()} would when the queue has no room now, without taking a
   * place: for a request that must not hold one while its upload is still arriving.
   *
   * @throws QueueFullException when the queue is at capacity
   * @throws ShuttingDownException when the queue is closing
   */
  public void checkRoom() {
    if (refuses(admitted.get())) {
      throw rejection();
    }
  }

  /** A request on its way to the queue; see {@link #expectArrival()}. */
  public final class Arrival implements AutoCloseable {

    private boolean expected = true;

    private Arrival() {}

    /** Queues the preprocessed image; it was counted against the capacity when announced. */
    public CompletableFuture<ImageOutputs> submit(float[] input, AttentionReadout readout) {
      checkInput(input);
      expected = false;
      try {
        return enqueue(input, readout);
      } finally {
        arriving.decrementAndGet(); // after the job is queued: never neither coming nor there
      }
    }

    /** Gives up the announced place (the upload could not be decoded). */
    @Override
    public void close() {
      if (expected) {
        expected = false;
        arriving.decrementAndGet();
        admitted.decrementAndGet();
      }
    }
  }

  private void checkInput(float[] input) {
    if (input.length != model.geometry().inputLength()) {
      throw new IllegalArgumentException(
          "input has "
              + input.length
              + " floats, the model takes "
              + model.geometry().inputLength());
    }
  }

  private void admit() {
    int current;
    do {
      current = admitted.get();
      if (refuses(current)) {
        throw rejection();
      }
    } while (!admitted.compareAndSet(current, current + 1));
  }

  private boolean refuses(int admittedNow) {
    return !accepting || admittedNow >= settings.queueCapacity();
  }

  /** Says why a request is refused; counts the refusals for want of room. */
  private QueueRefusalException rejection() {
    if (!accepting) {
      return new ShuttingDownException();
    }
    metrics.rejected();
    return new QueueFullException(settings.queueCapacity());
  }

  /** Queues an admitted request; refused only when shutdown began since it was admitted. */
  private CompletableFuture<ImageOutputs> enqueue(float[] input, AttentionReadout readout) {
    Job job =
        new Job(
            input, readout, System.nanoTime(), observations.waiting(), new CompletableFuture<>());
    if (!accepting || !jobs.offer(job)) {
      admitted.decrementAndGet();
      QueueRefusalException refused = rejection();
      job.waiting().span().error(refused).stop();
      throw refused;
    }
    return job.result();
  }

  private void work() {
    List<Job> batch = new ArrayList<>(settings.maxSize());
    while (accepting || !jobs.isEmpty()) {
      try {
        gather(batch);
        if (!batch.isEmpty()) {
          admitted.addAndGet(-batch.size());
          runBatch(batch);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } finally {
        batch.clear();
      }
    }
  }

  /**
   * Waits for a first job, then takes what is waiting and, while more requests are being decoded,
   * what arrives before the first one's deadline.
   */
  private void gather(List<Job> batch) throws InterruptedException {
    Job first = jobs.poll(100, TimeUnit.MILLISECONDS);
    if (first == null) {
      return;
    }
    batch.add(first);
    jobs.drainTo(batch, settings.maxSize() - 1);
    long deadline = first.enqueuedNanos() + settings.maxDelay().toNanos();
    while (batch.size() < settings.maxSize() && arriving.get() > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      // Short polls, so a batch stops waiting as soon as the last expected request gives up.
      Job next = jobs.poll(Math.min(left, ARRIVAL_RECHECK_NANOS), TimeUnit.NANOSECONDS);
      if (next != null) {
        batch.add(next);
        jobs.drainTo(batch, settings.maxSize() - batch.size());
      }
    }
  }

  private void runBatch(List<Job> batch) {
    long start = System.nanoTime();
    List<Observation> runs = new ArrayList<>(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      Job job = batch.get(i);
      metrics.waited(start - job.enqueuedNanos());
      runs.add(observations.running(job.waiting(), batch.size()));
      buffers.putInput(i, job.input());
    }
    try {
      model.run(buffers, batch.size());
    } catch (OrtException | RuntimeException e) {
      log.error("batch of {} failed in ONNX Runtime", batch.size(), e);
      InferenceException failure = new InferenceException("the model failed to run", e);
      runs.forEach(run -> run.error(failure).stop());
      batch.forEach(job -> job.result().completeExceptionally(failure));
      return;
    }
    runs.forEach(Observation::stop);
    metrics.ran(System.nanoTime() - start, batch.size());
    for (int i = 0; i < batch.size(); i++) {
      Job job = batch.get(i);
      job.result().complete(buffers.extract(i, job.readout()));
    }
  }

  /** Stops taking requests, finishes every accepted one, then stops the worker. */
  @Override
  public void close() {
    accepting = false;
    try {
      worker.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Job(
      float[] input,
      AttentionReadout readout,
      long enqueuedNanos,
      QueueObservations.Waiting waiting,
      CompletableFuture<ImageOutputs> result) {}
}
