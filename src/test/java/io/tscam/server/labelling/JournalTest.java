package io.tscam.server.labelling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** What a killed shard's journal keeps, and what it refuses. */
class JournalTest {

  private static final Shard SHARD = new Shard(1, 2);
  private static final List<String> PATHS = List.of("a.jpg", "b.jpg", "c.jpg", "d.jpg");

  @TempDir Path folder;

  @Test
  void aRunAgainKeepsEveryWholeLineAndDropsTheOneTheKillCut() throws IOException {
    Path file = folder.resolve("part-1-of-2.journal");
    try (Journal journal = Journal.open(file, header("run"), SHARD, PATHS)) {
      assertThat(journal.resumedImages()).isZero();
      journal.append(entry(0));
      journal.append(entry(1));
    }
    Files.writeString(file, "{\"position\":5,\"file_na", StandardOpenOption.APPEND);

    try (Journal journal = Journal.open(file, header("run"), SHARD, PATHS)) {
      assertThat(journal.resumedImages()).isEqualTo(2);
      journal.append(entry(2));
    }

    List<String> entries = new ArrayList<>();
    Journal.forEachEntry(file, entry -> entries.add(entry.toString()));
    assertThat(entries)
        .containsExactly(entry(0).toString(), entry(1).toString(), entry(2).toString());
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).endsWith("}\n");
  }

  @Test
  void aJournalOfAnotherRunOrInputListIsRefused() throws IOException {
    Path file = folder.resolve("part-1-of-2.journal");
    try (Journal journal = Journal.open(file, header("run"), SHARD, PATHS)) {
      journal.append(entry(0));
    }

    assertThatThrownBy(() -> Journal.open(file, header("other"), SHARD, PATHS))
        .isInstanceOf(LabellingException.class)
        .hasMessageContaining("was written by another run")
        .hasMessageContaining("--force");
    assertThatThrownBy(() -> Journal.open(file, header("run"), SHARD, List.of("x.jpg", "b.jpg")))
        .isInstanceOf(LabellingException.class)
        .hasMessageContaining("line 2 does not match the input list");
  }

  private static JsonNode header(String run) {
    ObjectNode header = JsonNodeFactory.instance.objectNode();
    header.put("run", run);
    return header;
  }

  /** The k-th image of the shard. */
  private static JsonNode entry(int k) {
    return CocoJson.journalEntry(
        LabelledImage.skipped(InputList.position(SHARD, k), PATHS.get(k), "reason " + k));
  }
}
