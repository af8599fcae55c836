package io.tscam.server.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tscam.server.cam.ImageSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the CUB layout, and every kind of bad input named by file and line. */
class CubDatasetTest {

  @TempDir Path root;

  @BeforeEach
  void writeAValidDataset() throws IOException {
    Files.createDirectories(root.resolve("images/001.Bird"));
    for (String name : List.of("a.jpg", "b.jpg", "c d.jpg")) {
      Files.write(root.resolve("images/001.Bird").resolve(name), new byte[] {1});
    }
    write("images.txt", "1 001.Bird/a.jpg", "2 001.Bird/b.jpg", "", "3 001.Bird/c d.jpg");
    write("image_class_labels.txt", "1 1", "2 3", "3 2");
    write("bounding_boxes.txt", "1 10 20 30 40", "2 1.5 2.5 3.5 4.5", "2 50 50 10 10", "3 0 0 5 5");
    write("train_test_split.txt", "1 1", "2 0", "3 0");
  }

  private void write(String name, String... lines) throws IOException {
    Files.writeString(root.resolve(name), String.join("\n", lines) + "\n");
  }

  private String at(String file, int line) {
    return root.resolve(file) + ":" + line + ": ";
  }

  @Test
  void readsTheTestSplitByDefaultWithEveryBoxOfAnImage() {
    CubDataset dataset = CubDataset.read(root, null);
    assertThat(dataset.split()).isEqualTo(Split.TEST);
    assertThat(dataset.images()).extracting(DatasetImage::id).containsExactly(2, 3);
    DatasetImage second = dataset.images().get(0);
    assertThat(second.classIndex()).isEqualTo(2);
    assertThat(second.file()).isEqualTo(root.resolve("images/001.Bird/b.jpg"));
    assertThat(second.source()).isEqualTo(new SourceLine(root.resolve("images.txt"), 2));
    assertThat(second.boxes())
        .extracting(GroundTruthBox::x1, GroundTruthBox::x2)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1.5, 5.0),
            org.assertj.core.groups.Tuple.tuple(50.0, 60.0));
    assertThat(dataset.images().get(1).file()).isEqualTo(root.resolve("images/001.Bird/c d.jpg"));
  }

  @Test
  void readsTheOtherSplits() {
    assertThat(CubDataset.read(root, Split.TRAIN).images())
        .extracting(DatasetImage::id)
        .containsExactly(1);
    assertThat(CubDataset.read(root, Split.ALL).images())
        .extracting(DatasetImage::id)
        .containsExactly(1, 2, 3);
    assertThat(CubDataset.read(root, Split.ALL).firstImages(2).images()).hasSize(2);
  }

  @Test
  void withoutASplitFileEveryImageIsEvaluated() throws IOException {
    Files.delete(root.resolve("train_test_split.txt"));
    CubDataset dataset = CubDataset.read(root, null);
    assertThat(dataset.split()).isEqualTo(Split.ALL);
    assertThat(dataset.images()).hasSize(3);
    assertThatThrownBy(() -> CubDataset.read(root, Split.TEST))
        .isInstanceOf(DatasetException.class)
        .hasMessage(
            root.resolve("train_test_split.txt") + ": file is missing, so there is no test split");
  }

  @Test
  void aMissingFileIsNamed() throws IOException {
    Files.delete(root.resolve("image_class_labels.txt"));
    assertThatThrownBy(() -> CubDataset.read(root, null))
        .hasMessage(
            root.resolve("image_class_labels.txt")
                + ": file is missing (expected lines of \"<image id> <class from 1>\")");
  }

  @Test
  void aMalformedLineIsNamed() throws IOException {
    write("bounding_boxes.txt", "1 10 20 30 40", "2 1.5 2.5 three 4.5", "3 0 0 5 5");
    assertThatThrownBy(() -> CubDataset.read(root, null))
        .hasMessage(
            at("bounding_boxes.txt", 2)
                + "width \"three\" is not a number (expected \"<image id> <x> <y> <width>"
                + " <height>\")");
    write("bounding_boxes.txt", "1 10 20 30 40", "", "2 1 2 3");
    assertThatThrownBy(() -> CubDataset.read(root, null))
        .hasMessage(
            at("bounding_boxes.txt", 3)
                + "expected \"<image id> <x> <y> <width> <height>\" (5 fields), got \"2 1 2 3\"");
  }

  @Test
  void anUnknownImageIdIsNamed() throws IOException {
    write("image_class_labels.txt", "1 1", "2 3", "3 2", "4 1");
    assertThatThrownBy(() -> CubDataset.read(root, null))
        .hasMessage(at("image_class_labels.txt", 4) + "unknown image id 4 (not in images.txt)");
  }

  @Test
  void anImageWithoutBoxOrClassIsNamedAtItsLine() throws IOException {
    write("bounding_boxes.txt", "1 10 20 30 40", "2 1.5 2.5 3.5 4.5");
    assertThatThrownBy(() -> CubDataset.read(root, null))
        .hasMessage(at("images.txt", 4) + "image 3 has no box in bounding_boxes.txt");
    write("image_class_labels.txt", "1 1", "3 2");
    assertThatThrownBy(() -> CubDataset.read(root, null))
        .hasMessage(at("images.txt", 2) + "image 2 has no class in image_class_labels.txt");
  }

  @Test
  void duplicatesAreNamed() throws IOException {
    write("images.txt", "1 001.Bird/a.jpg", "1 001.Bird/b.jpg");
    assertThatThrownBy(() -> CubDataset.read(root, null))
        .hasMessage(at("images.txt", 2) + "image id 1 is listed twice");
    writeAValidDataset();
    write("image_class_labels.txt", "1 1", "2 3", "3 2", "2 4");
    assertThatThrownBy(() -> CubDataset.read(root, null))
        .hasMessage(
            at("image_class_labels.txt", 4)
                + "image 2 already has a class, at "
                + root.resolve("image_class_labels.txt")
                + ":2");
  }

  @Test
  void aMissingImageFileIsNamed() throws IOException {
    Files.delete(root.resolve("images/001.Bird/b.jpg"));
    assertThatThrownBy(() -> CubDataset.read(root, null))
        .hasMessage(
            at("images.txt", 2)
                + "image file "
                + root.resolve("images/001.Bird/b.jpg")
                + " does not exist");
    // Only the images of the split must exist.
    assertThat(CubDataset.read(root, Split.TRAIN).images()).hasSize(1);
  }

  @Test
  void classesOutOfRangeAreNamed() throws IOException {
    write("image_class_labels.txt", "1 1", "2 0", "3 2");
    assertThatThrownBy(() -> CubDataset.read(root, null))
        .hasMessage(
            at("image_class_labels.txt", 2)
                + "class 0 is out of range: classes are numbered from 1");
    write("image_class_labels.txt", "1 1", "2 3", "3 2");
    CubDataset dataset = CubDataset.read(root, null);
    dataset.requireClassesWithin(3);
    assertThatThrownBy(() -> dataset.requireClassesWithin(2))
        .hasMessage(
            at("image_class_labels.txt", 2)
                + "class 3 is out of range 1..2 (the model has 2 classes)");
  }

  @Test
  void classesTxtIsCheckedWhenPresent() throws IOException {
    write("classes.txt", "1 001.Black_footed_Albatross", "2 002.Laysan Albatross", "3 c", "4 d");
    CubDataset dataset = CubDataset.read(root, null);
    assertThat(dataset.classLines()).hasSize(4);
    assertThatThrownBy(() -> dataset.requireClassesWithin(3))
        .hasMessage(
            at("classes.txt", 4) + "class 4 is out of range 1..3 (the model has 3 classes)");
    write("classes.txt", "1 a", "1 b");
    assertThatThrownBy(() -> CubDataset.read(root, null))
        .hasMessage(at("classes.txt", 2) + "class 1 is listed twice");
  }

  @Test
  void aSplitFlagMustBeZeroOrOne() throws IOException {
    write("train_test_split.txt", "1 1", "2 2", "3 0");
    assertThatThrownBy(() -> CubDataset.read(root, null))
        .hasMessage(
            at("train_test_split.txt", 2) + "split flag 2 is neither 1 (train) nor 0 (test)");
  }

  @Test
  void aBoxOutsideItsImageIsNamedWhenTheImageSizeIsKnown() {
    DatasetImage first = CubDataset.read(root, Split.TRAIN).images().get(0);
    assertThat(first.groundTruth(new ImageSize(40, 60), new ImageSize(40, 60)).boxes())
        .containsExactly(new IouBox(10, 20, 39, 59));
    assertThatThrownBy(() -> first.groundTruth(new ImageSize(38, 60), new ImageSize(40, 60)))
        .hasMessage(
            at("bounding_boxes.txt", 1)
                + "box [10.0, 20.0, 40.0, 60.0] reaches outside the 38x60 image");
  }

  @Test
  void aMissingFolderIsNamed() {
    Path missing = root.resolve("nowhere");
    assertThatThrownBy(() -> CubDataset.read(missing, null))
        .hasMessage(missing + ": dataset folder does not exist");
  }
}
