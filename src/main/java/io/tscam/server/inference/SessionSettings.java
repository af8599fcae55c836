package io.tscam.server.inference;

/**
 * How to open the session.
 *
 * @param useCuda ask for the CUDA provider (falls back to CPU when it is not available)
 * @param intraOpThreads threads for one run; 0 means one per available core
 */
public record SessionSettings(boolean useCuda, int cudaDeviceId, int intraOpThreads) {

  int effectiveIntraOpThreads() {
    return intraOpThreads > 0 ? intraOpThreads : Runtime.getRuntime().availableProcessors();
  }
}
