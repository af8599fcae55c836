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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic micro-batching in front of the shared session, like Triton's dynamic batcher: requests
 * wait in a bounded queue; each of {@link Parallelism#workers()} workers gathers them into a batch
 * of its own (up to its share of the max size, or until the max delay after the oldest one), runs
 * the session once and hands each request its outputs, while the other workers run theirs (Triton's
 * instance groups, TorchServe's workers). A full queue refuses at once instead of letting latency
 * or memory grow without bound.
 *
 * <p>Unlike Triton's, the batcher knows which requests are on their way: a request announces itself
 * ({@link #expectArrival()}) before it is decoded, and a batch is held open only while some are and
 * no other worker is free to take them. A lone request therefore runs at once instead of waiting
 * out the max delay for company that is not coming, and, when nothing else is queued, arriving or
 * running, on the latency session whose threads span every core ({@link Lane#LATENCY}).
 */
public final class InferenceQueue implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(InferenceQueue.class);
  private static final long ARRIVAL_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final ModelGeometry geometry;
  private final BatchRunner runner;
  private final BatchingSettings settings;
  private final Parallelism parallelism;
  private final BlockingQueue<Job> jobs;
  private final InferenceMetrics metrics;
  private final QueueObservations observations;

  /** The most requests one worker's batch takes: max-size shared out among the workers. */
  private final int batchLimit;

  /** Requests announced or queued and not yet taken into a batch: what the capacity bounds. */
  private final AtomicInteger admitted = new AtomicInteger();

  /** Requests announced and not yet queued: what a batch waits for. */
  private final AtomicInteger arriving = new AtomicInteger();

  /** Batches running now, on either lane. */
  private final AtomicInteger running = new AtomicInteger();

  private volatile boolean accepting = true;

  private final List<Thread> workers;

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
    this(model, model::run, settings, registry, observations);
  }

  /** With {@code runner} in place of the model's own run (tests observe the runs through it). */
  InferenceQueue(
      OnnxModel model,
      BatchRunner runner,
      BatchingSettings settings,
      MeterRegistry registry,
      ObservationRegistry observations) {
    this.geometry = model.geometry();
    this.runner = runner;
    this.observations = new QueueObservations(observations);
    this.settings = settings;
    this.parallelism = model.parallelism();
    this.batchLimit = settings.perWorker(parallelism.workers(), model.provider());
    this.jobs = new ArrayBlockingQueue<>(settings.queueCapacity());
    this.metrics =
        new InferenceMetrics(registry, model.provider(), parallelism, batchLimit, jobs, running);
    this.workers =
        IntStream.range(0, parallelism.workers())
            .mapToObj(
                i -> {
                  // Each worker packs and receives its batches in buffers of its own.
                  BatchBuffers buffers = new BatchBuffers(geometry, batchLimit);
                  Thread worker = new Thread(() -> work(buffers), "tscam-batcher-" + i);
                  worker.setDaemon(true);
                  return worker;
                })
            .toList();
    workers.forEach(Thread::start);
  }

  /** The most images one worker's run takes: max-size shared out among the workers. */
  public int batchLimit() {
    return batchLimit;
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
      Job job =
          new Job(
              input,
              readout,
              System.nanoTime(),
              observations.waiting(),
              new CompletableFuture<>(),
              new AtomicBoolean());
      try {
        return enqueue(job);
      } finally {
        landed(job); // after the job is queued: never neither coming nor there
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
    if (input.length != geometry.inputLength()) {
      throw new IllegalArgumentException(
          "input has " + input.length + " floats, the model takes " + geometry.inputLength());
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
  private CompletableFuture<ImageOutputs> enqueue(Job job) {
    if (!accepting || !jobs.offer(job)) {
      admitted.decrementAndGet();
      QueueRefusalException refused = rejection();
      job.waiting().span().error(refused).stop();
      throw refused;
    }
    return job.result();
  }

  /**
   * The job no longer counts as arriving: settled by whichever comes first, its submitter once it
   * is queued or the worker that takes it. A worker that took a job whose submitter has not yet
   * returned must not count it as still coming: it would wait for it as company, or send a lone
   * request past the latency session.
   */
  private void landed(Job job) {
    if (job.landed().compareAndSet(false, true)) {
      arriving.decrementAndGet();
    }
  }

  /**
   * One worker's loop. It stops only once nothing is announced or queued any more, so a request
   * admitted before shutdown began is never left without a worker.
   */
  private void work(BatchBuffers buffers) {
    List<Job> batch = new ArrayList<>(batchLimit);
    while (accepting || admitted.get() > 0) {
      try {
        gather(batch);
        if (!batch.isEmpty()) {
          admitted.addAndGet(-batch.size());
          runBatch(batch, buffers);
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
   * Waits for a first job, then takes what is waiting and, while more requests are being decoded
   * and no other worker is free to take them, what arrives before the first one's deadline.
   */
  private void gather(List<Job> batch) throws InterruptedException {
    Job first = jobs.poll(100, TimeUnit.MILLISECONDS);
    if (first == null) {
      return;
    }
    batch.add(first);
    jobs.drainTo(batch, batchLimit - 1);
    batch.forEach(this::landed);
    long deadline = first.enqueuedNanos() + settings.maxDelay().toNanos();
    while (batch.size() < batchLimit && companyIsComing()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      // Short polls, so a batch stops waiting as soon as the last expected request gives up.
      Job next = jobs.poll(Math.min(left, ARRIVAL_RECHECK_NANOS), TimeUnit.NANOSECONDS);
      if (next != null) {
        batch.add(next);
        jobs.drainTo(batch, batchLimit - batch.size());
        batch.forEach(this::landed);
      }
    }
  }

  /**
   * Requests are being decoded and every other worker is running a batch: waiting for them fills
   * this batch. With a worker free, the arrivals are better run beside this batch than in it.
   */
  private boolean companyIsComing() {
    return arriving.get() > 0 && running.get() >= parallelism.workers() - 1;
  }

  /** Runs one gathered batch on the lane it gets and hands each request its own outputs. */
  private void runBatch(List<Job> batch, BatchBuffers buffers) {
    Lane lane = claimLane();
    try {
      long start = System.nanoTime();
      List<Observation> runs = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        Job job = batch.get(i);
        metrics.waited(start - job.enqueuedNanos());
        runs.add(observations.running(job.waiting(), batch.size()));
        buffers.putInput(i, job.input());
      }
      try {
        runner.run(buffers, batch.size(), lane);
      } catch (OrtException | RuntimeException e) {
        log.error("batch of {} failed in ONNX Runtime", batch.size(), e);
        InferenceException failure = new InferenceException("the model failed to run", e);
        runs.forEach(run -> run.error(failure).stop());
        batch.forEach(job -> job.result().completeExceptionally(failure));
        return;
      }
      runs.forEach(Observation::stop);
      metrics.ran(lane, System.nanoTime() - start, batch.size());
      for (int i = 0; i < batch.size(); i++) {
        Job job = batch.get(i);
        job.result().complete(buffers.extract(i, job.readout()));
      }
    } finally {
      running.decrementAndGet();
    }
  }

  /**
   * Counts the batch as running and picks its lane: the latency session when this batch is all the
   * work there is (nothing else running, queued or being decoded), else the workers' shared one.
   */
  private Lane claimLane() {
    boolean alone = running.incrementAndGet() == 1 && jobs.isEmpty() && arriving.get() == 0;
    return alone && parallelism.hasLatencySession() ? Lane.LATENCY : Lane.WORKERS;
  }

  /** Stops taking requests, finishes every accepted one, then stops the workers. */
  @Override
  public void close() {
    accepting = false;
    long deadline = System.nanoTime() + DRAIN_TIMEOUT_NANOS;
    try {
      for (Thread worker : workers) {
        worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record Job(
      float[] input,
      AttentionReadout readout,
      long enqueuedNanos,
      QueueObservations.Waiting waiting,
      CompletableFuture<ImageOutputs> result,
      AtomicBoolean landed) {}
}
