package io.tscam.server.inference;

/**
 * How to open the sessions and how many batches run at once.
 *
 * @param useCuda ask for the CUDA provider (falls back to CPU when it is not available)
 * @param workers concurrent runs of the shared session; 0: one per core on CPU, one on CUDA
 * @param intraOpThreads threads for one run; 0: the cores shared out among the workers
 * @param latencySession on CPU, open a second session with one intra-op thread per core for a batch
 *     that is all the work there is (only when that is wider than a worker's runs)
 */
public record SessionSettings(
    boolean useCuda, int cudaDeviceId, int workers, int intraOpThreads, boolean latencySession) {

  /** One worker with {@code intraOpThreads} (0: one per core), no latency session. */
  public SessionSettings(boolean useCuda, int cudaDeviceId, int intraOpThreads) {
    this(useCuda, cudaDeviceId, 1, intraOpThreads, false);
  }

  /** The auto values resolved for the provider the session really got and the cores there are. */
  Parallelism resolve(ExecutionProvider provider, int cores) {
    int runs = workers > 0 ? workers : provider == ExecutionProvider.CUDA ? 1 : cores;
    int threads = intraOpThreads > 0 ? intraOpThreads : Math.max(1, cores / runs);
    boolean wider = latencySession && provider == ExecutionProvider.CPU && cores > threads;
    return new Parallelism(runs, threads, wider ? cores : 0);
  }
}
