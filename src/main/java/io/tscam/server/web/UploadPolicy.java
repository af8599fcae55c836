package io.tscam.server.web;

import java.time.Duration;

/**
 * How uploads are bounded apart from the inference queue (tscam.upload.*): how many may be in
 * progress at once, and how long a request's body may take to arrive.
 */
public record UploadPolicy(int maxInFlight, Duration bodyTimeout) {}
