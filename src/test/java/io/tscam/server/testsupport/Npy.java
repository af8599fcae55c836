package io.tscam.server.testsupport;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * One array read from numpy's .npy format (versions 1 to 3, C order), or all arrays of an .npz
 * archive (np.savez / np.savez_compressed), so golden files written by the Python tools can be
 * compared in tests without a conversion step.
 *
 * <p>Supported element types: float32, float64, int8/uint8/bool, int16, int32 and int64, in either
 * byte order. Accessors convert only where no value can change (widening, or int64 that fits).
 */
public final class Npy {

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([a-z])(\\d+)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private final char kind;
  private final int itemSize;
  private final int[] shape;
  private final ByteBuffer data;

  private Npy(char kind, int itemSize, int[] shape, ByteBuffer data) {
    this.kind = kind;
    this.itemSize = itemSize;
    this.shape = shape;
    this.data = data;
  }

  public static Npy read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public static Npy read(InputStream stream) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    byte[] magic = in.readNBytes(MAGIC.length);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IOException("not an .npy stream (bad magic)");
    }
    int major = in.readUnsignedByte();
    in.readUnsignedByte(); // minor version: no format differences that matter here
    int headerLength = major == 1 ? readLittleEndianShort(in) : readLittleEndianInt(in);
    String header = new String(in.readNBytes(headerLength), StandardCharsets.UTF_8);
    return parse(header, in);
  }

  /** All arrays of an .npz archive by name (without the .npy suffix), in archive order. */
  public static Map<String, Npy> readArchive(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return readArchive(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public static Map<String, Npy> readArchive(InputStream stream) throws IOException {
    Map<String, Npy> arrays = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(stream)) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        String name = entry.getName().replaceFirst("\\.npy$", "");
        arrays.put(name, read(new ByteArrayInputStream(zip.readAllBytes())));
      }
    }
    return arrays;
  }

  /** Reads an .npz archive from the test classpath, e.g. {@code "golden/boxes/fusion.npz"}. */
  public static Map<String, Npy> readArchiveResource(String resource) {
    try (InputStream in = Npy.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      return readArchive(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  public int[] shape() {
    return shape.clone();
  }

  public int dimension(int axis) {
    return shape[axis];
  }

  /** Number of elements. */
  public int size() {
    return data.capacity() / itemSize;
  }

  public float[] floats() {
    requireType('f', 4);
    float[] values = new float[size()];
    data.asFloatBuffer().get(values);
    return values;
  }

  /** float64 values, or float32 values widened. */
  public double[] doubles() {
    if (kind == 'f' && itemSize == 4) {
      float[] floats = floats();
      double[] values = new double[floats.length];
      Arrays.setAll(values, i -> floats[i]);
      return values;
    }
    requireType('f', 8);
    double[] values = new double[size()];
    data.asDoubleBuffer().get(values);
    return values;
  }

  /** Integer or boolean elements as int; int64 values must fit. */
  public int[] ints() {
    int[] values = new int[size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = intAt(i);
    }
    return values;
  }

  /** Raw bytes of a one-byte element type (uint8 values read back with {@code & 0xFF}). */
  public byte[] bytes() {
    if (itemSize != 1) {
      throw new IllegalStateException("elements are " + itemSize + " bytes, not one");
    }
    byte[] values = new byte[size()];
    data.duplicate().get(values);
    return values;
  }

  private int intAt(int index) {
    int position = index * itemSize;
    return switch (kind) {
      case 'u' -> unsignedAt(position);
      case 'i', 'b' -> signedAt(position);
      default -> throw new IllegalStateException("elements are not integers: " + kind + itemSize);
    };
  }

  private int unsignedAt(int position) {
    return switch (itemSize) {
      case 1 -> data.get(position) & 0xFF;
      case 2 -> data.getShort(position) & 0xFFFF;
      default -> Math.toIntExact(data.getInt(position) & 0xFFFFFFFFL);
    };
  }

  private int signedAt(int position) {
    return switch (itemSize) {
      case 1 -> data.get(position);
      case 2 -> data.getShort(position);
      case 4 -> data.getInt(position);
      default -> Math.toIntExact(data.getLong(position));
    };
  }

  private void requireType(char expectedKind, int expectedSize) {
    if (kind != expectedKind || itemSize != expectedSize) {
      throw new IllegalStateException(
          "elements are " + kind + itemSize + ", not " + expectedKind + expectedSize);
    }
  }

  private static Npy parse(String header, DataInputStream in) throws IOException {
    Matcher descr = find(DESCR, header);
    if (Boolean.parseBoolean(find(FORTRAN, header).group(1).toLowerCase())) {
      throw new IOException("Fortran-ordered arrays are not supported");
    }
    ByteOrder order = descr.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    char kind = descr.group(2).charAt(0);
    int itemSize = Integer.parseInt(descr.group(3));
    int[] shape = parseShape(find(SHAPE, header).group(1));
    long elements = Arrays.stream(shape).asLongStream().reduce(1, Math::multiplyExact);
    byte[] bytes = in.readNBytes(Math.toIntExact(elements * itemSize));
    if (bytes.length != elements * itemSize) {
      throw new IOException("truncated .npy data");
    }
    return new Npy(kind, itemSize, shape, ByteBuffer.wrap(bytes).order(order));
  }

  private static int[] parseShape(String tuple) {
    return Arrays.stream(tuple.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .mapToInt(Integer::parseInt)
        .toArray();
  }

  private static Matcher find(Pattern pattern, String header) throws IOException {
    Matcher matcher = pattern.matcher(header);
    if (!matcher.find()) {
      throw new IOException("unreadable .npy header: " + header);
    }
    return matcher;
  }

  private static int readLittleEndianShort(DataInputStream in) throws IOException {
    return Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
  }

  private static int readLittleEndianInt(DataInputStream in) throws IOException {
    return Integer.reverseBytes(in.readInt());
  }
}
