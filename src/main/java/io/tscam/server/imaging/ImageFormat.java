package io.tscam.server.imaging;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The raster formats the service decodes, each recognised by its magic bytes. */
public enum ImageFormat {
  JPEG(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}),
  PNG(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}),
  GIF("GIF8".getBytes(US_ASCII)),
  BMP("BM".getBytes(US_ASCII));

  /** How many bytes of a file's head {@link #of} needs to tell its format. */
  public static final int HEAD_BYTES = 18;

  private final byte[] signature;

  ImageFormat(byte[] signature) {
    this.signature = signature;
  }

  /**
   * The format a file's head (its first {@link #HEAD_BYTES} bytes) starts, if it is one of these.
   */
  public static Optional<ImageFormat> of(byte[] head) {
    return FormatSniffer.recognise(head);
  }

  static List<ImageFormat> supported() {
    return List.of(values());
  }

  boolean hasSignature(byte[] data) {
    return data.length >= signature.length
        && Arrays.equals(data, 0, signature.length, signature, 0, signature.length);
  }
}
