package io.tscam.server.imaging;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Reads the golden .npz archives tools/golden_imaging.py writes: uint8 and float32 arrays. */
final class Npz {

  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']+)'");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  /** One array in C order; {@code data} holds its raw little-endian bytes. */
  record Array(String dtype, int[] shape, byte[] data) {

    byte[] uint8() {
      if (!dtype.equals("|u1")) {
        throw new IllegalStateException("Not uint8: " + dtype);
      }
      return data;
    }

    float[] float32() {
      if (!dtype.equals("<f4")) {
        throw new IllegalStateException("Not float32: " + dtype);
      }
      float[] values = new float[data.length / 4];
      ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
      return values;
    }
  }

  private Npz() {}

  static Map<String, Array> load(String resource) {
    Map<String, Array> arrays = new HashMap<>();
    try (InputStream in = Npz.class.getResourceAsStream(resource);
        ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        String name = entry.getName().replaceFirst("\\.npy$", "");
        arrays.put(name, parseNpy(zip.readAllBytes()));
      }
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("Cannot read golden archive " + resource, e);
    }
    return arrays;
  }

  private static Array parseNpy(byte[] npy) {
    if (npy[0] != (byte) 0x93 || !new String(npy, 1, 5, US_ASCII).equals("NUMPY")) {
      throw new UncheckedIOException(new IOException("Not an .npy file"));
    }
    boolean version1 = npy[6] == 1;
    ByteBuffer header = ByteBuffer.wrap(npy, 8, 4).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength = version1 ? header.getShort() & 0xFFFF : header.getInt();
    int dataStart = (version1 ? 10 : 12) + headerLength;
    String dict = new String(npy, version1 ? 10 : 12, headerLength, US_ASCII);
    return new Array(
        group(DESCR, dict),
        Arrays.stream(group(SHAPE, dict).split(","))
            .map(String::trim)
            .filter(dimension -> !dimension.isEmpty())
            .mapToInt(Integer::parseInt)
            .toArray(),
        Arrays.copyOfRange(npy, dataStart, npy.length));
  }

  private static String group(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    if (!matcher.find()) {
      throw new IllegalStateException("No " + pattern + " in " + text);
    }
    return matcher.group(1);
  }
}
