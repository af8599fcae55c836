package io.tscam.server.web;

/** A batch carries more images than tscam.batch.max-images (HTTP 413, naming the 'images' part). */
class TooManyImagesException extends RuntimeException {

  TooManyImagesException(int sent, int maxImages) {
    super("part 'images' holds " + sent + " images; a batch takes at most " + maxImages);
  }
}
