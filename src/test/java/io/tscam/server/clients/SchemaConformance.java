package io.tscam.server.clients;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Checks a JSON answer against a schema of the API description, as far as generated clients rely on
 * it: every field the schema declares required is there and not null, every field there is
 * declared, and every value has the declared JSON type. The schemas' own {@code $ref}s are
 * followed.
 */
final class SchemaConformance {

  private static final String REF_PREFIX = "#/components/schemas/";

  private final JsonNode schemas;

  SchemaConformance(JsonNode description) {
    this.schemas = description.at("/components/schemas");
  }

  /** What in {@code answer} the schema does not allow; empty when it conforms. */
  List<String> violations(JsonNode answer, JsonNode schema) {
    List<String> violations = new ArrayList<>();
    check(answer, schema, "", violations);
    return violations;
  }

  private void check(JsonNode value, JsonNode schema, String path, List<String> violations) {
    JsonNode resolved = resolve(schema);
    String type = resolved.path("type").asString("");
    boolean typed =
        switch (type) {
          case "object" -> value.isObject();
          case "array" -> value.isArray();
          case "integer" -> value.isIntegralNumber();
          case "number" -> value.isNumber();
          case "string" -> value.isString();
          case "boolean" -> value.isBoolean();
          default -> true; // no type declared: anything goes
        };
    if (!typed) {
      violations.add("%s: %s is not of type %s".formatted(path, value, type));
    } else if (value.isObject()) {
      checkFields(value, resolved, path, violations);
    } else if (value.isArray() && resolved.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        check(value.get(i), resolved.get("items"), path + "/" + i, violations);
      }
    }
  }

  private void checkFields(JsonNode object, JsonNode schema, String path, List<String> violations) {
    for (JsonNode required : schema.path("required")) {
      JsonNode field = object.get(required.asString());
      if (field == null || field.isNull()) {
        violations.add("%s/%s: required, but missing".formatted(path, required.asString()));
      }
    }
    JsonNode properties = schema.path("properties");
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      String fieldPath = path + "/" + field.getKey();
      if (!properties.has(field.getKey())) {
        violations.add(fieldPath + ": not described");
      } else if (!field.getValue().isNull()) {
        check(field.getValue(), properties.get(field.getKey()), fieldPath, violations);
      }
    }
  }

  private JsonNode resolve(JsonNode schema) {
    String ref = schema.path("$ref").asString("");
    if (ref.isEmpty()) {
      return schema;
    }
    if (!ref.startsWith(REF_PREFIX) || !schemas.has(ref.substring(REF_PREFIX.length()))) {
      throw new IllegalArgumentException("unresolvable $ref " + ref);
    }
    return resolve(schemas.get(ref.substring(REF_PREFIX.length())));
  }
}
