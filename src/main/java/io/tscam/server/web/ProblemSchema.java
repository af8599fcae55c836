package io.tscam.server.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * The problem detail as the API writes it. Springdoc describes Spring's {@code ProblemDetail} class
 * field by field: nothing required (so any JSON object matches it, and a generated client cannot
 * tell a problem from an answer) and a {@code properties} map that never appears, because its
 * entries are written as fields of their own. This says what every problem carries (type, title,
 * status) and the one extra field the API writes ({@code parameter}).
 */
class ProblemSchema implements OpenApiCustomizer {

  /** The schema's name: springdoc's for {@code org.springframework.http.ProblemDetail}. */
  private static final String NAME = "ProblemDetail";

  @Override
  public void customise(OpenAPI api) {
    Schema<?> problem = api.getComponents().getSchemas().get(NAME);
    if (problem == null) {
      throw new IllegalStateException("no " + NAME + " schema to describe");
    }
    Map<String, Schema> properties = new LinkedHashMap<>();
    properties.put(
        "type",
        text("The kind of problem, stable: urn:tscam:problem:<kind>")
            .format("uri")
            .example("urn:tscam:problem:invalid-image"));
    properties.put("title", text("The kind's short summary, the same for every problem of it"));
    properties.put(
        "status",
        typed("integer")
            .format("int32")
            .description("The HTTP status of the problem")
            .example(400));
    properties.put("detail", text("What went wrong, for this request"));
    properties.put(
        "instance",
        text("The path of the request that went wrong (absent inside a batch's results)")
            .format("uri-reference"));
    properties.put(
        "parameter",
        text(
            "The query parameter or multipart part at fault (invalid-parameter, and"
                + " upload-too-large for too many batch images)"));
    problem
        .description("An RFC 9457 problem detail; 'type' tells the kinds apart")
        .properties(properties)
        .required(List.of("type", "title", "status"));
  }

  private static Schema<Object> text(String description) {
    return typed("string").description(description);
  }

  /** A schema of one JSON type, as OpenAPI 3.1 ({@code types}) and 3.0 ({@code type}) write it. */
  private static Schema<Object> typed(String type) {
    return new Schema<>().type(type).types(Set.of(type));
  }
}
