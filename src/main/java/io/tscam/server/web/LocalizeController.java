package io.tscam.server.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.SchemaProperty;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tscam.server.inference.InferenceQueue;
import io.tscam.server.inference.ModelDescriptor;
import io.tscam.server.localization.BoxMode;
import io.tscam.server.localization.Fusion;
import io.tscam.server.localization.Localization;
import io.tscam.server.localization.LocalizationQuery;
import io.tscam.server.localization.LocalizedImage;
import io.tscam.server.localization.Localizer;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.util.WebUtils;

/**
 * POST /localize: an uploaded image in, TS-CAM classes and boxes out (JSON or a PNG overlay). The
 * image comes as the multipart part {@code image}, or as the whole body ({@link RawImageBody}). The
 * upload was admitted by {@link AdmissionFilter} before its body was read; its place in the
 * inference queue is taken once the body is in.
 */
@RestController
@Tag(name = OpenApiDocumentation.LOCALIZATION_TAG)
class LocalizeController {

  static final String PATH = "/localize";

  /** Whether a request goes to a localization endpoint: this one or the batch one. */
  static boolean localizes(HttpServletRequest request) {
    String path = request.getRequestURI();
    return PATH.equals(path) || LocalizeBatchController.PATH.equals(path);
  }

  private final Localizer localizer;
  private final OverlayView overlay;
  private final ModelDescriptor model;

  private final RawImageBody rawBody;

  LocalizeController(
      Localizer localizer, OverlayView overlay, ModelDescriptor model, UploadLimit limit) {
    this.localizer = localizer;
    this.overlay = overlay;
    this.model = model;
    this.rawBody = new RawImageBody(limit.maxFileSize());
  }

  @Operation(
      summary = "Localize the objects of an image",
      description =
          "Classifies the image and returns, for the top-k classes (or the classes asked for), "
              + "the softmax score and the TS-CAM box in original-image pixels. With format=png "
              + "(or Accept: image/png) answers the image with the first class's heatmap and box.")
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      required = true,
      description =
          "The image (JPEG, PNG, BMP or GIF; the format is read from the bytes): as the multipart"
              + " part 'image', or as the whole body with its image type or"
              + " application/octet-stream",
      content = {
        @Content(
            mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
            schema = @Schema(type = "object", requiredProperties = "image"),
            schemaProperties =
                @SchemaProperty(
                    name = "image",
                    schema =
                        @Schema(
                            type = "string",
                            format = "binary",
                            description = "JPEG, PNG, BMP or GIF image"))),
        @Content(
            mediaType = MediaType.IMAGE_JPEG_VALUE,
            schema = @Schema(type = "string", format = "binary")),
        @Content(
            mediaType = MediaType.IMAGE_PNG_VALUE,
            schema = @Schema(type = "string", format = "binary")),
        @Content(
            mediaType = MediaType.IMAGE_GIF_VALUE,
            schema = @Schema(type = "string", format = "binary")),
        @Content(mediaType = "image/bmp", schema = @Schema(type = "string", format = "binary")),
        @Content(
            mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
            schema = @Schema(type = "string", format = "binary"))
      })
  @ApiResponse(
      responseCode = "200",
      description = "Classes and boxes",
      content = {
        @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = LocalizeResponse.class)),
        @Content(
            mediaType = MediaType.IMAGE_PNG_VALUE,
            schema = @Schema(type = "string", format = "binary"))
      })
  @ApiResponse(
      responseCode = "400",
      description = "Missing image part, undecodable image or invalid parameter",
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
      description = "Upload or image raster over the limit",
      content =
          @Content(
              mediaType = "application/problem+json",
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "415",
      description = "Image format not supported",
      content =
          @Content(
              mediaType = "application/problem+json",
              schema = @Schema(implementation = ProblemDetail.class)))
  @ApiResponse(
      responseCode = "503",
      description = "Model not ready or server busy (see Retry-After)",
      content =
          @Content(
              mediaType = "application/problem+json",
              schema = @Schema(implementation = ProblemDetail.class)))
  @PostMapping(
      path = PATH,
      consumes = {
        MediaType.MULTIPART_FORM_DATA_VALUE,
        MediaType.IMAGE_JPEG_VALUE,
        MediaType.IMAGE_PNG_VALUE,
        MediaType.IMAGE_GIF_VALUE,
        "image/bmp",
        MediaType.APPLICATION_OCTET_STREAM_VALUE
      },
      produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.IMAGE_PNG_VALUE})
  ResponseEntity<?> localize(
      @Parameter(hidden = true) @RequestPart(name = "image", required = false) MultipartFile image,
      @Parameter(description = "How many top classes to localize")
          @RequestParam(name = "topk", defaultValue = "5")
          int topK,
      @Parameter(description = "Comma-separated class indices to localize instead of the top-k")
          @RequestParam(name = "classes", required = false)
          String classes,
      @Parameter(description = "Box threshold, 0 < t < 1; default: the model's camThreshold")
          @RequestParam(name = "threshold", required = false)
          Double threshold,
      @Parameter(description = "json (default) or png; Accept: image/png also selects png")
          @RequestParam(name = "format", required = false)
          ResponseFormat format,
      @Parameter(description = "Include the coupled maps and the attention map (JSON only)")
          @RequestParam(name = "cam", defaultValue = "false")
          boolean includeMaps,
      @Parameter(description = "Attention fusion: tscam (reference) or rollout")
          @RequestParam(name = "fusion", defaultValue = "tscam")
          Fusion fusion,
      @Parameter(
              description =
                  "largest (default): the official box of each class; all: also one box per"
                      + " object of the class (each outer contour of its map), in 'boxes'",
              example = "all")
          @RequestParam(name = "boxes", defaultValue = "largest")
          BoxMode boxes,
      @Parameter(
              description =
                  "With boxes=all, the smallest object kept, as a fraction of the largest one's"
                      + " contour area: 0 < a <= 1, default 0.1",
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
      @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false)
          String accept,
      @Parameter(hidden = true) @RequestAttribute(AdmissionFilter.ADMISSION)
          AdmissionFilter.Admission admission,
      HttpServletRequest request)
      throws IOException, ServletException {
    boolean png = ResponseFormat.resolve(format, accept) == ResponseFormat.PNG;
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
    byte[] encoded = imageOf(image, request);
    InferenceQueue.Arrival arrival = admission.forImages(1).get(0);
    if (png) {
      LocalizedImage result = localizer.localizeForOverlay(arrival, encoded, query);
      return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(overlay.render(result));
    }
    Localization result = localizer.localize(arrival, encoded, query);
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .body(LocalizeResponse.of(result, model.name(), model.version()));
  }

  /** The multipart part's bytes, or the whole body's when the image was sent as it is. */
  private byte[] imageOf(MultipartFile part, HttpServletRequest request)
      throws IOException, ServletException {
    if (part != null) {
      return part.getBytes();
    }
    if (WebUtils.getNativeRequest(request, MultipartHttpServletRequest.class) != null) {
      throw new MissingServletRequestPartException("image");
    }
    return rawBody.read(request);
  }
}
