package io.tscam.server.labelling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The input list: which files, in which order, and how shards share it. */
class InputListTest {

  private static final byte[] PNG_HEAD = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  @TempDir Path root;

  @Test
  void aFolderTreeIsListedInTheSortedOrderOfItsRelativePaths() throws IOException {
    // "a.jpg" < "a/b.jpg" because '.' < '/', although a folder walk by name visits "a" first.
    for (String path :
        List.of(
            "a/b.jpg",
            "a.jpg",
            "B.jpg",
            "a b/c.jpg",
            "ab/x/y.jpg",
            "\uD83D\uDE00.jpg",
            "\uFFFD.jpg")) {
      touch(path);
    }

    InputList inputs = InputList.of(root, Shard.WHOLE);

    assertThat(inputs.shardPaths())
        .containsExactly(
            "B.jpg",
            "a b/c.jpg",
            "a.jpg",
            "a/b.jpg",
            "ab/x/y.jpg",
            "\uFFFD.jpg",
            "\uD83D\uDE00.jpg");
    assertThat(inputs.total()).isEqualTo(7);
    assertThat(inputs.classFolders()).containsExactly("a", "a b", "ab");
  }

  @Test
  void filesAreTakenByTheirBytesOrByAnImageName() throws IOException {
    Files.write(root.resolve("photo.dat"), PNG_HEAD);
    Files.writeString(root.resolve("README.md"), "not an image");
    Files.writeString(root.resolve("broken.jpg"), "not an image either");
    Files.write(root.resolve("scan.tif"), new byte[] {'I', 'I', '*', 0});

    assertThat(InputList.of(root, Shard.WHOLE).shardPaths())
        .containsExactly("broken.jpg", "photo.dat", "scan.tif");
  }

  @Test
  void shardsTakeEveryCountthImageAndAgreeOnTheWholeList() throws IOException {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      all.add("img-" + i + ".png");
      touch(all.get(i));
    }
    InputList whole = InputList.of(root, Shard.WHOLE);
    List<String> union = new ArrayList<>();
    for (int index = 0; index < 3; index++) {
      Shard shard = new Shard(index, 3);
      InputList part = InputList.of(root, shard);
      assertThat(part.sha256()).isEqualTo(whole.sha256());
      assertThat(part.total()).isEqualTo(10);
      for (int k = 0; k < part.shardPaths().size(); k++) {
        long position = InputList.position(shard, k);
        assertThat(part.shardPaths().get(k)).isEqualTo(all.get((int) position));
        union.add(part.shardPaths().get(k));
      }
    }
    assertThat(union).containsExactlyInAnyOrderElementsOf(all);
    assertThat(InputList.of(root, new Shard(1, 3)).shardPaths())
        .containsExactly("img-1.png", "img-4.png", "img-7.png");
  }

  @Test
  void aListFileIsSortedAndMayNotNameAnImageTwice() throws IOException {
    Path list = root.resolve("list.txt");
    Files.writeString(list, "# train split\nz.jpg\n\n  b/a.png\nsub/c.jpg\n");
    InputList inputs = InputList.of(list, Shard.WHOLE);
    assertThat(inputs.shardPaths()).containsExactly("b/a.png", "sub/c.jpg", "z.jpg");
    assertThat(inputs.root()).isEqualTo(root.toAbsolutePath());

    Files.writeString(list, "a.jpg\nb.jpg\na.jpg\n");
    assertThatThrownBy(() -> InputList.of(list, Shard.WHOLE))
        .isInstanceOf(LabellingException.class)
        .hasMessageContaining("lists a.jpg twice");
  }

  private void touch(String path) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.write(file, PNG_HEAD);
  }
}
