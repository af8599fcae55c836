package io.tscam.server.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tscam.server.console.UsageException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EvaluationOptionsTest {

  @Test
  void defaultsLeaveModelSplitAndThresholdToThePackageAndDataset() {
    EvaluationOptions options = EvaluationOptions.parse("--dataset", "data/CUB_200_2011");
    assertThat(options)
        .isEqualTo(
            new EvaluationOptions(
                Path.of("data/CUB_200_2011"),
                null,
                null,
                null,
                null,
                null,
                EvaluationOptions.DEFAULT_OUT,
                null,
                false,
                false));
  }

  @Test
  void readsEveryOptionInBothSpellings() {
    EvaluationOptions options =
        EvaluationOptions.parse(
            "--dataset=d",
            "--model",
            "m",
            "--split",
            "TRAIN",
            "--threshold=0.12",
            "--out",
            "o",
            "--limit",
            "50",
            "--evidence");
    assertThat(options)
        .isEqualTo(
            new EvaluationOptions(
                Path.of("d"),
                null,
                null,
                Path.of("m"),
                Split.TRAIN,
                0.12,
                Path.of("o"),
                50,
                true,
                false));
  }

  @Test
  void readsAnIlsvrcListWithItsImageFolder() {
    EvaluationOptions options =
        EvaluationOptions.parse(
            "--ilsvrc-list", "ILSVRC2012_list/val_folder_new.txt", "--images=val", "--limit", "9");
    assertThat(options.dataset()).isNull();
    assertThat(options.ilsvrcList()).isEqualTo(Path.of("ILSVRC2012_list/val_folder_new.txt"));
    assertThat(options.images()).isEqualTo(Path.of("val"));
    assertThat(options.limit()).isEqualTo(9);
  }

  @Test
  void takesExactlyOneKindOfDataset() {
    assertThatThrownBy(() -> EvaluationOptions.parse("--dataset", "d", "--ilsvrc-list", "l"))
        .hasMessage("give --dataset or --ilsvrc-list, not both");
    assertThatThrownBy(() -> EvaluationOptions.parse("--ilsvrc-list", "l"))
        .hasMessage("--ilsvrc-list needs --images, the folder of its images");
    assertThatThrownBy(() -> EvaluationOptions.parse("--dataset", "d", "--images", "i"))
        .hasMessage("--images goes with --ilsvrc-list");
    assertThatThrownBy(
            () -> EvaluationOptions.parse("--ilsvrc-list", "l", "--images", "i", "--split", "test"))
        .hasMessage("--split is for --dataset; an ILSVRC list is evaluated whole");
  }

  @Test
  void helpNeedsNoDataset() {
    assertThat(EvaluationOptions.parse("--help").help()).isTrue();
  }

  @Test
  void namesWhatIsWrong() {
    assertThatThrownBy(() -> EvaluationOptions.parse("--model", "m"))
        .isInstanceOf(UsageException.class)
        .hasMessage("--dataset is required (or --ilsvrc-list with --images)");
    assertThatThrownBy(() -> EvaluationOptions.parse("--dataset", "d", "--thresold", "0.1"))
        .hasMessage("unknown option --thresold");
    assertThatThrownBy(() -> EvaluationOptions.parse("--dataset"))
        .hasMessage("option --dataset needs a value");
    assertThatThrownBy(() -> EvaluationOptions.parse("--dataset", "d", "extra"))
        .hasMessage("unexpected argument 'extra'");
    assertThatThrownBy(() -> EvaluationOptions.parse("--dataset", "d", "--threshold", "1"))
        .hasMessage("--threshold must be a number strictly between 0 and 1, got '1'");
    assertThatThrownBy(() -> EvaluationOptions.parse("--dataset", "d", "--threshold", "abc"))
        .hasMessage("--threshold must be a number strictly between 0 and 1, got 'abc'");
    assertThatThrownBy(() -> EvaluationOptions.parse("--dataset", "d", "--limit", "0"))
        .hasMessage("--limit must be a positive integer, got '0'");
  }
}
