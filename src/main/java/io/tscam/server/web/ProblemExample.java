package io.tscam.server.web;

import io.swagger.v3.oas.models.examples.Example;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ProblemDetail;

/** One problem as the API answers it, for the API description's examples. */
record ProblemExample(ProblemKind kind, String detail, Map<String, Object> properties) {

  ProblemExample(ProblemKind kind, String detail) {
    this(kind, detail, Map.of());
  }

  /** The example's name: the last part of the problem type, e.g. {@code invalid-parameter}. */
  String name() {
    String type = kind.type().toString();
    return type.substring(type.lastIndexOf(':') + 1);
  }

  /** The problem's JSON fields as an answer to {@code path} carries them. */
  Example example(String path) {
    ProblemDetail problem = kind.response(detail).getBody();
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("type", problem.getType().toString());
    fields.put("title", problem.getTitle());
    fields.put("status", problem.getStatus());
    fields.put("detail", problem.getDetail());
    fields.put("instance", path);
    fields.putAll(properties);
    return new Example().summary(kind.title()).value(fields);
  }
}
