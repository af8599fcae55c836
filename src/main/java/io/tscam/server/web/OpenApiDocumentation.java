package io.tscam.server.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import io.tscam.server.cam.Box;
import io.tscam.server.cam.ImageSize;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What /v3/api-docs and Swagger UI say about the API: the product's name and build version, what it
 * is for (with a link to the demo page), one tag per resource, enum values spelled as clients send
 * them, what every answer and problem always carries (so generated clients can rely on it), and
 * example answers.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiDocumentation {

  static final String LOCALIZATION_TAG = "Localization";
  static final String MODEL_TAG = "Model";

  private static final String TITLE = "TS-CAM Server";
  private static final String DESCRIPTION =
      """
      Weakly supervised object localization with \
      [TS-CAM](https://arxiv.org/abs/2103.14862): upload an image to `POST /localize` and get the \
      most probable classes, each with a box in the image's own pixels, as JSON or as a PNG with \
      the heatmap and box drawn. Boxes are the ones the official TS-CAM evaluation computes.

      Try it in the browser on the [demo page](/). Errors are RFC 9457 problem details with a \
      stable `type` per kind (`urn:tscam:problem:*`).""";

  /**
   * The API is at the root of whichever host serves this description. Said once, rather than the
   * URL of the request that fetched it (springdoc's default), so that the description is the same
   * on every host and port: the one committed in docs/openapi.json, from which clients are
   * generated.
   */
  private static final String SERVER = "The host that serves this description";

  /** Shown when the build did not write META-INF/build-info.properties (an IDE run). */
  private static final String UNKNOWN_VERSION = "unreleased";

  @Bean
  OpenAPI openApi(ObjectProvider<BuildProperties> build) {
    String version =
        build.stream().map(BuildProperties::getVersion).findFirst().orElse(UNKNOWN_VERSION);
    return new OpenAPI()
        .info(new Info().title(TITLE).version(version).description(DESCRIPTION))
        .addServersItem(new Server().url("/").description(SERVER))
        .addTagsItem(
            new Tag()
                .name(LOCALIZATION_TAG)
                .description("Classes and boxes for an uploaded image (JSON or PNG overlay)"))
        .addTagsItem(new Tag().name(MODEL_TAG).description("What is being served, and how"));
  }

  @Bean
  OpenApiCustomizer lowerCaseEnumValues() {
    return new LowerCaseEnumValues();
  }

  @Bean
  OpenApiCustomizer problemSchema() {
    return new ProblemSchema();
  }

  @Bean
  OpenApiCustomizer alwaysWholeValueTypes() {
    return new RequiredComponents(Box.class, ImageSize.class);
  }

  @Bean
  OpenApiCustomizer exampleAnswers() {
    return new ExampleAnswers();
  }
}
