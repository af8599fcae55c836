package io.tscam.server.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Marks every component of the given records required in their schemas: for value types that the
 * answers carry whole but that live below the web layer (cam's {@code Box} and {@code ImageSize}),
 * where no OpenAPI annotation may go.
 */
class RequiredComponents implements OpenApiCustomizer {

  private final List<Class<? extends Record>> records;

  @SafeVarargs
  RequiredComponents(Class<? extends Record>... records) {
    this.records = List.of(records);
  }

  @Override
  public void customise(OpenAPI api) {
    for (Class<? extends Record> record : records) {
      Schema<?> schema = api.getComponents().getSchemas().get(record.getSimpleName());
      if (schema == null) {
        throw new IllegalStateException("no schema named " + record.getSimpleName());
      }
      schema.required(
          Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).toList());
    }
  }
}
