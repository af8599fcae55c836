package io.tscam.server.localization;

/**
 * What became of one image of several: its localization, or why it has none (an undecodable or
 * oversized image fails alone, not the images sent with it).
 */
public record ImageOutcome(Localization localization, RuntimeException failure) {

  static ImageOutcome of(Localization localization) {
    return new ImageOutcome(localization, null);
  }

  static ImageOutcome failed(RuntimeException failure) {
    return new ImageOutcome(null, failure);
  }
}
