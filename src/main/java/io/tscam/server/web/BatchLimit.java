package io.tscam.server.web;

/** How many images one POST /localize/batch may carry (tscam.batch.max-images). */
public record BatchLimit(int maxImages) {}
