package io.tscam.server.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
                Path.of("d"), Path.of("m"), Split.TRAIN, 0.12, Path.of("o"), 50, true, false));
  }

  @Test
  void helpNeedsNoDataset() {
    assertThat(EvaluationOptions.parse("--help").help()).isTrue();
  }

  @Test
  void namesWhatIsWrong() {
    assertThatThrownBy(() -> EvaluationOptions.parse("--model", "m"))
        .isInstanceOf(UsageException.class)
        .hasMessage("--dataset is required");
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
