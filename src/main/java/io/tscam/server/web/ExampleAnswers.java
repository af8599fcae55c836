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
 * Example answers in the API description: JSON answers of POST /localize (the README's, from the
 * demo model, with and without boxes=all) and of POST /localize/batch and, for every problem+json
 * response, a problem of each kind its status stands for. PNG answers are documented as binary.
 */
class ExampleAnswers implements OpenApiCustomizer {

  private static final String JSON = org.springframework.http.MediaType.APPLICATION_JSON_VALUE;
  private static final String PROBLEM_JSON =
      org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

  /** The demo page's Sneaker sample through the bundled demo model, {@code ?topk=1}. */
  private static final String SNEAKER =
      """
      {
        "model": {"name": "fashion-mnist-demo", "version": "3"},
        "image": {"width": 224, "height": 224},
        "threshold": 0.08,
        "fusion": "tscam",
        "predictions": [
          {"classIndex": 7, "label": "Sneaker", "score": 0.9010607334351389,
           "box": {"x1": 84, "y1": 76, "x2": 196, "y2": 152},
           "inputBox": {"x1": 21, "y1": 19, "x2": 49, "y2": 38}}
        ],
        "passes": 1
      }""";

  /** The demo page's Trouser sample, {@code ?topk=1&boxes=all&threshold=0.2}: two objects. */
  private static final String TROUSER_ALL_BOXES =
      """
      {
        "model": {"name": "fashion-mnist-demo", "version": "3"},
        "image": {"width": 224, "height": 224},
        "threshold": 0.2,
        "fusion": "tscam",
        "predictions": [
          {"classIndex": 1, "label": "Trouser", "score": 0.9311841551870107,
           "box": {"x1": 48, "y1": 76, "x2": 84, "y2": 144},
           "inputBox": {"x1": 12, "y1": 19, "x2": 21, "y2": 36},
           "boxes": [
             {"x1": 48, "y1": 76, "x2": 84, "y2": 144,
              "inputBox": {"x1": 12, "y1": 19, "x2": 21, "y2": 36}, "mass": 0.9226444972288202},
             {"x1": 64, "y1": 156, "x2": 80, "y2": 176,
              "inputBox": {"x1": 16, "y1": 39, "x2": 20, "y2": 44}, "mass": 0.07735550277117974}
           ]}
        ],
        "passes": 1
      }""";

  /** The Sneaker sample with {@code ?topk=1&evidence=true}: two more passes. */
  private static final String SNEAKER_EVIDENCE =
      """
      {
        "model": {"name": "fashion-mnist-demo", "version": "3"},
        "image": {"width": 224, "height": 224},
        "threshold": 0.08,
        "fusion": "tscam",
        "predictions": [
          {"classIndex": 7, "label": "Sneaker", "score": 0.9010607334351389,
           "box": {"x1": 84, "y1": 76, "x2": 196, "y2": 152},
           "inputBox": {"x1": 21, "y1": 19, "x2": 49, "y2": 38},
           "evidence": {"keep": 0.7254877347065732, "remove": 0.011258534076231218}}
        ],
        "passes": 3
      }""";

  /** POST /localize/batch?topk=1 with the Sneaker sample and a file that is no image. */
  private static final String BATCH =
      """
      {
        "results": [
          {"index": 0, "status": 200, "answer": %s},
          {"index": 1, "status": 415, "problem":
            {"type": "urn:tscam:problem:unsupported-media-type", "title": "Unsupported media type",
             "status": 415,
             "detail": "Unsupported image format: unknown; supported formats are [JPEG, PNG, GIF, BMP]"}}
        ]
      }"""
          .formatted(SNEAKER);

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
              "the inference queue is full (64 requests waiting); retry shortly"),
          new ProblemExample(
              ProblemKind.SHUTTING_DOWN,
              "the service is shutting down; retry on another instance"));

  private final Example sneaker = example("The demo page's Sneaker sample, topk=1", SNEAKER);
  private final Example trouserAllBoxes =
      example("The Trouser sample with boxes=all, threshold=0.2, topk=1", TROUSER_ALL_BOXES);
  private final Example sneakerEvidence =
      example("The Sneaker sample with evidence=true, topk=1", SNEAKER_EVIDENCE);
  private final Example batch =
      example("The Sneaker sample and a file that is no image, topk=1", BATCH);

  private static Example example(String summary, String json) {
    return new Example().summary(summary).value(JsonMapper.shared().readValue(json, Map.class));
  }

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
              if (status.equals("200")) {
                content(response, JSON).ifPresent(json -> addAnswers(json, path));
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

  private void addAnswers(MediaType json, String path) {
    if (path.equals(LocalizeController.PATH)) {
      json.addExamples("sneaker", sneaker)
          .addExamples("trouser-all-boxes", trouserAllBoxes)
          .addExamples("sneaker-evidence", sneakerEvidence);
    } else if (path.equals(LocalizeBatchController.PATH)) {
      json.addExamples("batch", batch);
    }
  }

  private static Optional<MediaType> content(ApiResponse response, String mediaType) {
    return Optional.ofNullable(response.getContent()).map(content -> content.get(mediaType));
  }
}
