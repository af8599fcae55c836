package io.tscam.server.labelling;

import io.tscam.server.imaging.ImageFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The images to label, as a pure function of the input: every image of a folder tree, or every path
 * of a list file, sorted by relative path (code point order, '/' between folders, the order of
 * Python's sorted() and of `LC_ALL=C sort`), so that every run and every shard agrees on each
 * image's position. A shard keeps only its own paths; the whole list is summed up by its length and
 * a SHA-256 of its paths, which the parts of one run must share.
 *
 * @param root what file names are relative to: the folder, or the list file's folder
 * @param shardPaths this shard's relative paths, in order: the k-th has position index + k * count
 * @param total images in the whole list
 * @param sha256 SHA-256 of the whole list's paths, each followed by a newline
 * @param classFolders the root's first-level folders, sorted (a folder input only; else empty)
 */
record InputList(
    Path root, List<String> shardPaths, int total, String sha256, List<String> classFolders) {

  /**
   * File names a folder walk takes even when the bytes are no image it reads: such files are listed
   * as skipped, with the reason, rather than silently left out.
   */
  private static final Set<String> IMAGE_EXTENSIONS =
      Set.of(
          "jpg", "jpeg", "jpe", "jfif", "png", "gif", "bmp", "dib", "webp", "tif", "tiff", "heic",
          "heif", "avif", "jp2");

  /** Code point order, unlike String's UTF-16 order for characters beyond the BMP. */
  static final Comparator<String> CODE_POINT_ORDER =
      (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
          int left = a.codePointAt(i);
          int right = b.codePointAt(j);
          if (left != right) {
            return Integer.compare(left, right);
          }
          i += Character.charCount(left);
          j += Character.charCount(right);
        }
        return Boolean.compare(i < a.length(), j < b.length());
      };

  /** Position of the k-th image of this shard in the whole list. */
  static long position(Shard shard, int k) {
    return shard.index() + (long) k * shard.count();
  }

  /** Lists a folder tree or a list file, keeping the shard's paths. */
  static InputList of(Path images, Shard shard) {
    if (Files.isDirectory(images)) {
      Collector collector = new Collector(shard);
      walk(images, "", collector);
      return collector.list(images, firstLevelFolders(images));
    }
    if (Files.isRegularFile(images)) {
      return fromListFile(images, shard);
    }
    throw new LabellingException(images + " is neither a folder nor a list file");
  }

  /** Adds up the whole list and keeps the shard's share of it. */
  private static final class Collector {
    private final Shard shard;
    private final MessageDigest digest = sha256Digest();
    private final List<String> paths = new ArrayList<>();
    private int total;

    Collector(Shard shard) {
      this.shard = shard;
    }

    void add(String path) {
      digest.update((path + "\n").getBytes(StandardCharsets.UTF_8));
      if (shard.takes(total)) {
        paths.add(path);
      }
      total++;
    }

    InputList list(Path root, List<String> classFolders) {
      return new InputList(
          root, List.copyOf(paths), total, HexFormat.of().formatHex(digest.digest()), classFolders);
    }
  }

  /**
   * Depth first, each folder's entries sorted with folders compared as "name/": that visits the
   * files in the sorted order of their relative paths, holding one folder's names at a time.
   */
  private static void walk(Path folder, String prefix, Collector collector) {
    List<Entry> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
      for (Path child : stream) {
        boolean directory = Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS);
        String name = child.getFileName().toString();
        entries.add(new Entry(child, directory ? name + "/" : name, directory));
      }
    } catch (IOException e) {
      throw new LabellingException("cannot list " + folder + ": " + e.getMessage(), e);
    }
    entries.sort(Comparator.comparing(Entry::key, CODE_POINT_ORDER));
    for (Entry entry : entries) {
      if (entry.directory()) {
        walk(entry.path(), prefix + entry.key(), collector);
      } else if (isImage(entry.path())) {
        collector.add(prefix + entry.key());
      }
    }
  }

  private record Entry(Path path, String key, boolean directory) {}

  /** An image by its bytes (JPEG, PNG, GIF, BMP), or a file named as an image. */
  private static boolean isImage(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    if (dot >= 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))) {
      return true;
    }
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try (InputStream in = Files.newInputStream(file)) {
      return ImageFormat.of(in.readNBytes(ImageFormat.HEAD_BYTES)).isPresent();
    } catch (IOException e) {
      // Unreadable now: it is listed, and skipped with the reason when its turn comes.
      return true;
    }
  }

  private static List<String> firstLevelFolders(Path root) {
    try (var children = Files.list(root)) {
      return children
          .filter(child -> Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS))
          .map(child -> child.getFileName().toString())
          .sorted(CODE_POINT_ORDER)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One path a line, relative to the list file's folder or absolute; blank lines and lines starting
   * with # are left out. The lines are sorted here (the list is held while it is sorted).
   */
  private static InputList fromListFile(Path listFile, Shard shard) {
    List<String> lines;
    try {
      lines = Files.readAllLines(listFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new LabellingException("cannot read " + listFile + ": " + e.getMessage(), e);
    }
    List<String> paths =
        lines.stream()
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .sorted(CODE_POINT_ORDER)
            .toList();
    Collector collector = new Collector(shard);
    for (int i = 0; i < paths.size(); i++) {
      if (i > 0 && paths.get(i).equals(paths.get(i - 1))) {
        throw new LabellingException(listFile + " lists " + paths.get(i) + " twice");
      }
      collector.add(paths.get(i));
    }
    Path folder = listFile.toAbsolutePath().getParent();
    return collector.list(folder, List.of());
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
