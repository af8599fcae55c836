package io.tscam.server.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Enum values (and their defaults) as the API spells them: {@code format=png}, {@code
 * fusion=rollout}. The converters accept any case ({@link LenientEnumConverters}) and answers write
 * lower case, but the generated description would list the Java constants ({@code PNG}, {@code
 * ROLLOUT}).
 */
class LowerCaseEnumValues implements OpenApiCustomizer {

  @Override
  public void customise(OpenAPI api) {
    api.getPaths().values().stream()
        .flatMap(path -> path.readOperations().stream())
        .map(Operation::getParameters)
        .filter(parameters -> parameters != null)
        .flatMap(List::stream)
        .map(Parameter::getSchema)
        .forEach(this::lowerCaseEnums);
    if (api.getComponents() != null && api.getComponents().getSchemas() != null) {
      api.getComponents().getSchemas().values().forEach(this::lowerCaseEnums);
    }
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private void lowerCaseEnums(Schema schema) {
    if (schema == null) {
      return;
    }
    List<?> values = schema.getEnum();
    if (values != null) {
      schema.setEnum(values.stream().map(LowerCaseEnumValues::lowerCased).toList());
      schema.setDefault(lowerCased(schema.getDefault()));
    }
    lowerCaseEnums(schema.getItems());
    Map<String, Schema> properties = schema.getProperties();
    if (properties != null) {
      properties.values().forEach(this::lowerCaseEnums);
    }
  }

  private static Object lowerCased(Object value) {
    return value instanceof String || value instanceof Enum<?>
        ? value.toString().toLowerCase(Locale.ROOT)
        : value;
  }
}
