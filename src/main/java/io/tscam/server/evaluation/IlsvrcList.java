package io.tscam.server.evaluation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An ILSVRC validation list in the official TS-CAM format (ILSVRC2012_list/val_folder_new.txt, read
 * by lib/datasets/imagenet.py ImageNetDataset): one image a line, its path relative to the image
 * folder, its class from 0, then one or more ground-truth boxes as x1 y1 x2 y2 in original pixels.
 *
 * <p>The official loader drops the path's last five characters and appends ".JPEG" again; the path
 * is used as written here, which is the same file for the official list.
 *
 * @param root the list file
 * @param images the images, in list order (the id of each is its line number)
 */
record IlsvrcList(Path root, List<DatasetImage> images) implements EvaluationDataset {

  static final String SPLIT_LABEL = "list";
  static final String LAYOUT = "<relative path> <class from 0> <x1> <y1> <x2> <y2> [...]";
  private static final int HEAD_FIELDS = 2;
  private static final int BOX_FIELDS = 4;

  public IlsvrcList {
    images = List.copyOf(images);
  }

  /**
   * Reads and checks every line, and that each image exists under {@code imageFolder}.
   *
   * @throws DatasetException naming the file and line of the first problem
   */
  public static IlsvrcList read(Path listFile, Path imageFolder) {
    if (!Files.isDirectory(imageFolder)) {
      throw new DatasetException(imageFolder, "image folder does not exist");
    }
    List<DatasetImage> images = new ArrayList<>();
    for (TextTable.Row row : TextTable.readWithRepeatedTail(listFile, LAYOUT).rows()) {
      images.add(image(row, imageFolder));
    }
    return new IlsvrcList(listFile, images);
  }

  private static DatasetImage image(TextTable.Row row, Path imageFolder) {
    int boxFields = row.values().length - HEAD_FIELDS;
    if (boxFields % BOX_FIELDS != 0) {
      throw row.malformed(boxFields + " box values, not a multiple of 4 (each box is x1 y1 x2 y2)");
    }
    int classIndex = row.integer(1, "class");
    if (classIndex < 0) {
      throw row.invalid("class " + classIndex + " is out of range: classes are numbered from 0");
    }
    List<GroundTruthBox> boxes = new ArrayList<>();
    for (int field = HEAD_FIELDS; field < row.values().length; field += BOX_FIELDS) {
      boxes.add(
          new GroundTruthBox(
              row.number(field, "x1"),
              row.number(field + 1, "y1"),
              row.number(field + 2, "x2"),
              row.number(field + 3, "y2"),
              row.source()));
    }
    Path file = imageFolder.resolve(row.text(0));
    if (!Files.isRegularFile(file)) {
      throw row.invalid("image file " + file + " does not exist");
    }
    return new DatasetImage(
        row.source().number(), file, row.source(), classIndex, row.source(), boxes);
  }

  @Override
  public String splitLabel() {
    return SPLIT_LABEL;
  }

  @Override
  public IlsvrcList firstImages(int limit) {
    return new IlsvrcList(root, images.subList(0, Math.min(limit, images.size())));
  }

  @Override
  public void requireClassesWithin(int numClasses) {
    for (DatasetImage image : images) {
      if (image.classIndex() >= numClasses) {
        throw new DatasetException(
            image.classSource(),
            "class "
                + image.classIndex()
                + " is out of range 0.."
                + (numClasses - 1)
                + " (the model has "
                + numClasses
                + " classes)");
      }
    }
  }
}
