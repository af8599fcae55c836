package io.tscam.server.evaluation;

/**
 * The metrics of a run and how fast it went.
 *
 * @param wallSeconds from the first image submitted to the last one scored
 * @param imagesPerSecond scored images per wall-clock second (decode to metrics)
 * @param evidence how well evidence=true separates good official boxes from bad ones; null without
 *     --evidence
 */
record EvaluationOutcome(
    EvaluationMetrics metrics,
    double wallSeconds,
    double imagesPerSecond,
    EvidenceSeparation evidence) {}
