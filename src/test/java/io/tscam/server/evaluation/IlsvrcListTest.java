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

/** Reading an ILSVRC val list in the official TS-CAM format, and bad lines named by line. */
class IlsvrcListTest {

  @TempDir Path root;
  Path list;
  Path images;

  @BeforeEach
  void writeImages() throws IOException {
    images = Files.createDirectories(root.resolve("val"));
    for (String name : List.of("n01751748", "n09193705")) {
      Files.createDirectories(images.resolve(name));
    }
    Files.write(images.resolve("n01751748/ILSVRC2012_val_00000001.JPEG"), new byte[] {1});
    Files.write(images.resolve("n09193705/ILSVRC2012_val_00000002.JPEG"), new byte[] {1});
    list = root.resolve("val_folder_new.txt");
  }

  private void write(String... lines) throws IOException {
    Files.writeString(list, String.join("\n", lines) + "\n");
  }

  private String at(int line) {
    return list + ":" + line + ": ";
  }

  @Test
  void readsEveryBoxOfEveryImageAsTheOfficialListWritesThem() throws IOException {
    // The first two lines of the official ILSVRC2012_list/val_folder_new.txt.
    write(
        "n01751748/ILSVRC2012_val_00000001.JPEG 65 111 108 441 193",
        "",
        "n09193705/ILSVRC2012_val_00000002.JPEG 970 45 49 499 162 2 69 437 207");
    IlsvrcList dataset = IlsvrcList.read(list, images);

    assertThat(dataset.root()).isEqualTo(list);
    assertThat(dataset.splitLabel()).isEqualTo("list");
    assertThat(dataset.images()).extracting(DatasetImage::id).containsExactly(1, 3);
    DatasetImage second = dataset.images().get(1);
    assertThat(second.file()).isEqualTo(images.resolve("n09193705/ILSVRC2012_val_00000002.JPEG"));
    assertThat(second.classIndex()).isEqualTo(970);
    assertThat(second.source()).isEqualTo(new SourceLine(list, 3));
    // ImageNetDataset scales each corner into the 224x224 input: int(max(x1 / W * 224, 0)) ...
    // int(min(x2 / W * 224, 223)), here for a 500 x 375 image.
    assertThat(second.groundTruth(new ImageSize(500, 375), new ImageSize(224, 224)).boxes())
        .containsExactly(new IouBox(20, 29, 223, 96), new IouBox(0, 41, 195, 123));
  }

  @Test
  void aPredictionScoresItsBestIouOverTheImagesBoxes() throws IOException {
    write("n01751748/ILSVRC2012_val_00000001.JPEG 65 0 0 100 100 150 150 224 224");
    GroundTruth truth =
        IlsvrcList.read(list, images)
            .images()
            .get(0)
            .groundTruth(new ImageSize(224, 224), new ImageSize(224, 224));
    IouBox onTheSecond = new IouBox(150, 150, 223, 223);
    assertThat(truth.bestIou(onTheSecond)).isEqualTo(1.0);
  }

  @Test
  void limitsAndChecksClassesAgainstTheModel() throws IOException {
    write(
        "n01751748/ILSVRC2012_val_00000001.JPEG 65 111 108 441 193",
        "n09193705/ILSVRC2012_val_00000002.JPEG 970 45 49 499 162");
    IlsvrcList dataset = IlsvrcList.read(list, images);
    assertThat(dataset.firstImages(1).images()).hasSize(1);
    dataset.requireClassesWithin(1000);
    assertThatThrownBy(() -> dataset.requireClassesWithin(200))
        .isInstanceOf(DatasetException.class)
        .hasMessage(at(2) + "class 970 is out of range 0..199 (the model has 200 classes)");
  }

  @Test
  void namesTheLineOfEveryKindOfBadEntry() throws IOException {
    write("n01751748/ILSVRC2012_val_00000001.JPEG 65 111 108 441 193 7");
    assertThatThrownBy(() -> IlsvrcList.read(list, images))
        .hasMessage(
            at(1)
                + "5 box values, not a multiple of 4 (each box is x1 y1 x2 y2) (expected \""
                + IlsvrcList.LAYOUT
                + "\")");
    write("n01751748/ILSVRC2012_val_00000001.JPEG 65");
    assertThatThrownBy(() -> IlsvrcList.read(list, images))
        .hasMessageStartingWith(at(1) + "expected \"" + IlsvrcList.LAYOUT + "\" (6 fields)");
    write("n01751748/ILSVRC2012_val_00000001.JPEG -1 1 1 2 2");
    assertThatThrownBy(() -> IlsvrcList.read(list, images))
        .hasMessage(at(1) + "class -1 is out of range: classes are numbered from 0");
    write("n01751748/ILSVRC2012_val_00000001.JPEG 65 10 10 5 20");
    assertThatThrownBy(() -> IlsvrcList.read(list, images))
        .hasMessage(at(1) + "box has no area (width -5.0, height 10.0)");
    write("n01751748/missing.JPEG 65 1 1 2 2");
    assertThatThrownBy(() -> IlsvrcList.read(list, images))
        .hasMessage(
            at(1) + "image file " + images.resolve("n01751748/missing.JPEG") + " does not exist");
    assertThatThrownBy(() -> IlsvrcList.read(list, root.resolve("nowhere")))
        .hasMessage(root.resolve("nowhere") + ": image folder does not exist");
  }
}
