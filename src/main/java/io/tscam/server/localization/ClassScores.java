package io.tscam.server.localization;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** Softmax probabilities of one image's logits, and the classes ranked by them. */
final class ClassScores {

  private final double[] probabilities;

  ClassScores(float[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (float logit : logits) {
      max = Math.max(max, logit);
    }
    double[] exp = new double[logits.length];
    double sum = 0;
    for (int c = 0; c < logits.length; c++) {
      exp[c] = Math.exp(logits[c] - max);
      sum += exp[c];
    }
    for (int c = 0; c < exp.length; c++) {
      exp[c] /= sum;
    }
    this.probabilities = exp;
  }

  double probability(int classIndex) {
    return probabilities[classIndex];
  }

  /** The k most probable classes, most probable first; ties keep the lower class index first. */
  List<Integer> top(int k) {
    return IntStream.range(0, probabilities.length)
        .boxed()
        .sorted(Comparator.comparingDouble((Integer c) -> probabilities[c]).reversed())
        .limit(k)
        .toList();
  }

  @Override
  public String toString() {
    return Arrays.toString(probabilities);
  }
}
