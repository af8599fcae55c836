package io.tscam.server.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tscam.server.inference.InferenceQueue;
import io.tscam.server.inference.ModelDescriptor;
import io.tscam.server.localization.BoxMode;
import io.tscam.server.localization.Fusion;
import io.tscam.server.localization.ImageOutcome;
import io.tscam.server.localization.LocalizationQuery;
import io.tscam.server.localization.Localizer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * POST /localize/batch: several images, one query, one JSON answer per image in the order sent.
 * Each image takes its own place in the inference queue once the body is in ({@link
 * AdmissionFilter.Admission}), so the batcher runs them together and a batch counts as many
 * requests as it has images.
 */
@RestController
@Tag(name = OpenApiDocumentation.LOCALIZATION_TAG)
class LocalizeBatchController {

  static final String PATH = LocalizeController.PATH + "/batch";

  private final Localizer localizer;
  private final ModelDescriptor model;
  private final BatchLimit limit;
  private final ApiExceptionHandler problems;

  LocalizeBatchController(
      Localizer localizer, ModelDescriptor model, BatchLimit limit, ApiExceptionHandler problems) {
    this.localizer = localizer;
    this.model = model;
    this.limit = limit;
    this.problems = problems;
  }

  @Operation(
      summary = "Localize the objects of several images",
      description =
          "The same query as POST /localize for every image of the multipart parts named 'images'"
              + " (at most tscam.batch.max-images, default 16). Answers JSON only: 'results' holds,"
              + " in the order sent, one result per image: its 'index', the 'status' POST"
              + " /localize answers it with alone, and either that 'answer' (status 200) or that"
              + " 'problem' (an undecodable image fails alone). An invalid parameter fails the"
              + " whole batch.")
  @ApiResponse(
      responseCode = "200",
      description = "One result per image",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON_VALUE,
              schema = @Schema(implementation = BatchResponse.class)))
  @ApiResponse(
      responseCode = "400",
      description = "No 'images' part or an invalid parameter",
      content =
          @Content(
              mediaType = "application/problem+json",
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "408",
      description = "The body did not arrive within tscam.upload.body-timeout",
      content =
          @Content(
              mediaType = "application/problem+json",
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "413",
      description = "More images than allowed, or the request over the size limit as a whole",
      content =
          @Content(
              mediaType = "application/problem+json",
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "503",
      description = "Model not ready, or the queue has no room for every image (see Retry-After)",
      content =
          @Content(
              mediaType = "application/problem+json",
              schema = @Schema(implementation = ProblemDetail.class)))
  @PostMapping(
      path = PATH,
      consumes = MediaType.MULTIPART_FORM_DATA_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  BatchResponse localizeBatch(
      @Parameter(description = "JPEG, PNG, BMP or GIF images, one part each, all named 'images'")
          @RequestPart("images")
          List<MultipartFile> images,
      @Parameter(description = "How many top classes to localize")
          @RequestParam(name = "topk", defaultValue = "5")
          int topK,
      @Parameter(description = "Comma-separated class indices to localize instead of the top-k")
          @RequestParam(name = "classes", required = false)
          String classes,
      @Parameter(description = "Box threshold, 0 < t < 1; default: the model's camThreshold")
          @RequestParam(name = "threshold", required = false)
          Double threshold,
      @Parameter(description = "Include the coupled maps and the attention map")
          @RequestParam(name = "cam", defaultValue = "false")
          boolean includeMaps,
      @Parameter(description = "Attention fusion: tscam (reference) or rollout")
          @RequestParam(name = "fusion", defaultValue = "tscam")
          Fusion fusion,
      @Parameter(description = "largest (default) or all: one box per object too", example = "all")
          @RequestParam(name = "boxes", defaultValue = "largest")
          BoxMode boxes,
      @Parameter(
              description = "With boxes=all, the smallest object kept: 0 < a <= 1, default 0.1",
              example = "0.1")
          @RequestParam(name = "minBoxArea", required = false)
          Double minBoxArea,
      @Parameter(
              description =
                  "Two more forward passes per class: the class's probability with everything"
                      + " outside its box set to the mean colour (keep) and everything inside it"
                      + " (remove), in 'evidence' (JSON only)",
              example = "true")
          @RequestParam(name = "evidence", defaultValue = "false")
          boolean evidence,
      @Parameter(hidden = true) @RequestAttribute(AdmissionFilter.ADMISSION)
          AdmissionFilter.Admission admission)
      throws IOException {
    if (images.size() > limit.maxImages()) {
      throw new TooManyImagesException(images.size(), limit.maxImages());
    }
    LocalizationQuery query =
        new LocalizationQuery(
            topK,
            ClassList.parse(classes),
            threshold,
            includeMaps,
            fusion,
            boxes,
            minBoxArea,
            evidence);
    List<InferenceQueue.Arrival> places = admission.forImages(images.size());
    List<ImageOutcome> outcomes = localizer.localizeEach(places, bytesOf(images), query);
    List<BatchResult> results = new ArrayList<>(outcomes.size());
    for (int index = 0; index < outcomes.size(); index++) {
      results.add(result(index, outcomes.get(index)));
    }
    return new BatchResponse(results);
  }

  private BatchResult result(int index, ImageOutcome outcome) {
    return outcome.failure() == null
        ? BatchResult.answered(
            index, LocalizeResponse.of(outcome.localization(), model.name(), model.version()))
        : BatchResult.failed(index, problems.problemOf(outcome.failure()));
  }

  private static List<byte[]> bytesOf(List<MultipartFile> images) throws IOException {
    List<byte[]> bytes = new ArrayList<>(images.size());
    for (MultipartFile image : images) {
      bytes.add(image.getBytes());
    }
    return bytes;
  }
}
