package io.tscam.server.inference;

import java.util.List;

/**
 * What runs the model: {@code workers} concurrent runs of the shared session, each with {@code
 * intraOpThreads}, and, when {@code latencyThreads} is above zero, a latency session with that many
 * intra-op threads for a batch that is all the work there is.
 */
public record Parallelism(int workers, int intraOpThreads, int latencyThreads) {

  public boolean hasLatencySession() {
    return latencyThreads > 0;
  }

  List<Lane> lanes() {
    return hasLatencySession() ? List.of(Lane.WORKERS, Lane.LATENCY) : List.of(Lane.WORKERS);
  }

  int threads(Lane lane) {
    return lane == Lane.LATENCY ? latencyThreads : intraOpThreads;
  }
}
