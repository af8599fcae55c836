package io.tscam.server.localization;

/**
 * How much a class's box explains the class: the class's softmax probability on the model input
 * with everything outside the box set to 0 (keep) and with everything inside it set to 0 (remove);
 * 0 after normalisation is the dataset's mean colour. A box that holds the object keeps the class
 * (keep high) and removing it loses the class (remove low).
 */
public record Evidence(double keep, double remove) {}
