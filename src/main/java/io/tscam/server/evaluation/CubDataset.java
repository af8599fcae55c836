package io.tscam.server.evaluation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dataset in the CUB-200-2011 layout, the common WSOL format: images.txt, image_class_labels.txt
 * (classes from 1), bounding_boxes.txt (x y w h, several lines for several boxes), optional
 * train_test_split.txt (1 train, 0 test) and classes.txt, images under images/.
 *
 * @param root the dataset folder
 * @param split the images kept
 * @param images the images of the split, in images.txt order
 * @param classLines the classes of classes.txt and their lines (empty without the file)
 */
record CubDataset(
    Path root, Split split, List<DatasetImage> images, Map<Integer, SourceLine> classLines)
    implements EvaluationDataset {

  static final String IMAGES = "images.txt";
  static final String LABELS = "image_class_labels.txt";
  static final String BOXES = "bounding_boxes.txt";
  static final String SPLIT = "train_test_split.txt";
  static final String CLASSES = "classes.txt";

  public CubDataset {
    images = List.copyOf(images);
    classLines = Map.copyOf(classLines);
  }

  /**
   * Reads and checks every file, and that each image of the split exists.
   *
   * @param split the split wanted; null for the default: test when train_test_split.txt exists,
   *     else all images
   * @throws DatasetException naming the file and line of the first problem
   */
  public static CubDataset read(Path root, Split split) {
    return new CubDatasetReader(root).read(split);
  }

  @Override
  public String splitLabel() {
    return split.label();
  }

  @Override
  public CubDataset firstImages(int limit) {
    return new CubDataset(
        root, split, images.subList(0, Math.min(limit, images.size())), classLines);
  }

  @Override
  public void requireClassesWithin(int numClasses) {
    for (DatasetImage image : images) {
      requireClass(image.classIndex() + 1, image.classSource(), numClasses);
    }
    classLines.forEach((id, source) -> requireClass(id, source, numClasses));
  }

  private static void requireClass(int classId, SourceLine source, int numClasses) {
    if (classId > numClasses) {
      throw new DatasetException(
          source,
          "class "
              + classId
              + " is out of range 1.."
              + numClasses
              + " (the model has "
              + numClasses
              + " classes)");
    }
  }

  /** The files of a CUB-layout folder, read into a checked {@link CubDataset}. */
  private static final class CubDatasetReader {

    private final Path root;

    CubDatasetReader(Path root) {
      this.root = root;
    }

    CubDataset read(Split requested) {
      if (!Files.isDirectory(root)) {
        throw new DatasetException(root, "dataset folder does not exist");
      }
      ImageIndex index = new ImageIndex(root.resolve("images"));
      TextTable.readWithTextTail(root.resolve(IMAGES), "<image id> <relative path>")
          .rows()
          .forEach(index::addImage);
      TextTable.read(root.resolve(LABELS), "<image id> <class from 1>")
          .rows()
          .forEach(index::addLabel);
      TextTable.read(root.resolve(BOXES), "<image id> <x> <y> <width> <height>")
          .rows()
          .forEach(index::addBox);
      Path splitFile = root.resolve(SPLIT);
      boolean hasSplit = Files.exists(splitFile);
      Split split = requested != null ? requested : hasSplit ? Split.TEST : Split.ALL;
      if (hasSplit) {
        TextTable.read(splitFile, "<image id> <1 train | 0 test>").rows().forEach(index::addSplit);
      } else if (split != Split.ALL) {
        throw new DatasetException(
            splitFile, "file is missing, so there is no " + split.label() + " split");
      }
      return new CubDataset(root, split, index.images(split, hasSplit), classLines());
    }

    private Map<Integer, SourceLine> classLines() {
      Path file = root.resolve(CLASSES);
      if (!Files.exists(file)) {
        return Map.of();
      }
      Map<Integer, SourceLine> lines = new HashMap<>();
      for (TextTable.Row row : TextTable.readWithTextTail(file, "<class from 1> <name>").rows()) {
        int classId = ImageIndex.classId(row, 0);
        if (lines.putIfAbsent(classId, row.source()) != null) {
          throw row.invalid("class " + classId + " is listed twice");
        }
      }
      return lines;
    }
  }

  /** What the files say about each image id, checked line by line. */
  private static final class ImageIndex {

    private final Path imageFolder;
    private final Map<Integer, Entry> entries = new LinkedHashMap<>();

    ImageIndex(Path imageFolder) {
      this.imageFolder = imageFolder;
    }

    void addImage(TextTable.Row row) {
      int id = row.integer(0, "image id");
      Entry entry = new Entry(id, imageFolder.resolve(row.text(1)), row.source());
      if (entries.putIfAbsent(id, entry) != null) {
        throw row.invalid("image id " + id + " is listed twice");
      }
    }

    void addLabel(TextTable.Row row) {
      Entry entry = entryOf(row);
      if (entry.classSource != null) {
        throw row.invalid("image " + entry.id + " already has a class, at " + entry.classSource);
      }
      entry.classId = classId(row, 1);
      entry.classSource = row.source();
    }

    void addBox(TextTable.Row row) {
      Entry entry = entryOf(row);
      entry.boxes.add(
          GroundTruthBox.ofSize(
              row.number(1, "x"),
              row.number(2, "y"),
              row.number(3, "width"),
              row.number(4, "height"),
              row.source()));
    }

    void addSplit(TextTable.Row row) {
      Entry entry = entryOf(row);
      if (entry.splitSource != null) {
        throw row.invalid("image " + entry.id + " already has a split, at " + entry.splitSource);
      }
      int flag = row.integer(1, "split flag");
      if (flag != 0 && flag != 1) {
        throw row.invalid("split flag " + flag + " is neither 1 (train) nor 0 (test)");
      }
      entry.training = flag == 1;
      entry.splitSource = row.source();
    }

    /** The complete images of the split; every one must have a class, a box and its file. */
    List<DatasetImage> images(Split split, boolean hasSplit) {
      List<DatasetImage> images = new ArrayList<>();
      for (Entry entry : entries.values()) {
        entry.requireComplete(hasSplit);
        if (split.includes(entry.training)) {
          images.add(entry.toImage());
        }
      }
      return images;
    }

    static int classId(TextTable.Row row, int field) {
      int classId = row.integer(field, "class");
      if (classId < 1) {
        throw row.invalid("class " + classId + " is out of range: classes are numbered from 1");
      }
      return classId;
    }

    private Entry entryOf(TextTable.Row row) {
      int id = row.integer(0, "image id");
      Entry entry = entries.get(id);
      if (entry == null) {
        throw row.invalid("unknown image id " + id + " (not in " + IMAGES + ")");
      }
      return entry;
    }

    /** One image id, filled in as the files are read. */
    private static final class Entry {
      final int id;
      final Path file;
      final SourceLine source;
      final List<GroundTruthBox> boxes = new ArrayList<>();
      int classId;
      SourceLine classSource;
      boolean training;
      SourceLine splitSource;

      Entry(int id, Path file, SourceLine source) {
        this.id = id;
        this.file = file;
        this.source = source;
      }

      void requireComplete(boolean hasSplit) {
        if (classSource == null) {
          throw new DatasetException(source, "image " + id + " has no class in " + LABELS);
        }
        if (boxes.isEmpty()) {
          throw new DatasetException(source, "image " + id + " has no box in " + BOXES);
        }
        if (hasSplit && splitSource == null) {
          throw new DatasetException(source, "image " + id + " has no line in " + SPLIT);
        }
      }

      DatasetImage toImage() {
        if (!Files.isRegularFile(file)) {
          throw new DatasetException(source, "image file " + file + " does not exist");
        }
        return new DatasetImage(id, file, source, classId - 1, classSource, boxes);
      }
    }
  }
}
