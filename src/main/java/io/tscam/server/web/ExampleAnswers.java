package io.tscam.server.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springdoc.core.customizers.OpenApiCustomizer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Example answers in the API description: a JSON answer of POST /localize (the README's, from the
 * demo model) and, for every problem+json response, a problem of each kind its status stands for.
 * PNG answers are documented as binary.
 */
class ExampleAnswers implements OpenApiCustomizer {

  private static final String JSON = org.springframework.http.MediaType.APPLICATION_JSON_VALUE;
  private static final String PROBLEM_JSON =
      org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

  /** The demo page's Sneaker sample through the bundled demo model, {@code ?topk=1}. */
  private static final String SNEAKER =
      """
      {
        "model": {"name": "fashion-mnist-demo", "version": "2"},
        "image": {"width": 224, "height": 224},
        "threshold": 0.1,
        "fusion": "tscam",
        "predictions": [
          {"classIndex": 7, "label": "Sneaker", "score": 0.8661695842935756,
           "box": {"x1": 48, "y1": 104, "x2": 140, "y2": 160},
           "inputBox": {"x1": 12, "y1": 26, "x2": 35, "y2": 40}}
        ]
      }""";

  /** A typical problem of each kind a client of POST /localize meets, worded as the API does. */
  private static final List<ProblemExample> PROBLEMS =
      List.of(
          new ProblemExample(
              ProblemKind.MISSING_IMAGE, "multipart part 'image' is required (the image file)"),
          new ProblemExample(ProblemKind.INVALID_IMAGE, "The upload is empty"),
          new ProblemExample(
              ProblemKind.INVALID_PARAMETER,
              "parameter 'topk' must be between 1 and 10, got 0",
              Map.of("parameter", "topk")),
          new ProblemExample(
              ProblemKind.UPLOAD_TOO_LARGE,
              "the upload exceeds the server's limits: one image of at most 20 MB, in a request of"
                  + " few parts with short part headers"),
          new ProblemExample(
              ProblemKind.IMAGE_TOO_LARGE,
              "Image of 50000x50000 pixels (2500000000) exceeds the limit of 40000000 pixels"),
          new ProblemExample(
              ProblemKind.UNSUPPORTED_MEDIA_TYPE,
              "Unsupported image format: WEBP; supported formats are [JPEG, PNG, GIF, BMP]"),
          new ProblemExample(
              ProblemKind.NOT_READY, "the model is still loading or warming up; retry shortly"),
          new ProblemExample(
              ProblemKind.OVERLOADED,
              "the inference queue is full (64 requests waiting); retry shortly"));

  private final Example sneaker =
      new Example()
          .summary("The demo page's Sneaker sample, topk=1")
          .value(JsonMapper.shared().readValue(SNEAKER, Map.class));

  @Override
  public void customise(OpenAPI api) {
    api.getPaths()
        .forEach((path, item) -> item.readOperations().forEach(op -> addExamples(path, op)));
  }

  private void addExamples(String path, Operation operation) {
    operation
        .getResponses()
        .forEach(
            (status, response) -> {
              if (status.equals("200") && isLocalization(operation)) {
                content(response, JSON).ifPresent(json -> json.addExamples("sneaker", sneaker));
              }
              content(response, PROBLEM_JSON)
                  .ifPresent(problems -> addProblems(problems, Integer.parseInt(status), path));
            });
  }

  private static void addProblems(MediaType problems, int status, String path) {
    for (ProblemExample problem : PROBLEMS) {
      if (problem.kind().status().value() == status) {
        problems.addExamples(problem.name(), problem.example(path));
      }
    }
  }

  private static boolean isLocalization(Operation operation) {
    return operation.getTags() != null
        && operation.getTags().contains(OpenApiDocumentation.LOCALIZATION_TAG);
  }

  private static Optional<MediaType> content(ApiResponse response, String mediaType) {
    return Optional.ofNullable(response.getContent()).map(content -> content.get(mediaType));
  }
}
