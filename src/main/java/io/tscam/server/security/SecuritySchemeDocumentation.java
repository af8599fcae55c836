package io.tscam.server.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Declares in /v3/api-docs how to authenticate (the mode's schemes) and which operations need it,
 * so that Swagger UI's "Authorize" sends the key or token. When the mode is none, says that no
 * operation needs credentials.
 */
final class SecuritySchemeDocumentation implements OpenApiCustomizer {

  static final String BEARER = "bearer";
  static final String API_KEY = "apiKey";

  private final Map<String, SecurityScheme> schemes;
  private final List<PathPattern> protectedPaths;

  SecuritySchemeDocumentation(SecurityMode mode, List<String> protectedPaths) {
    this.schemes = schemes(mode);
    this.protectedPaths =
        protectedPaths.stream().map(PathPatternParser.defaultInstance::parse).toList();
  }

  private static Map<String, SecurityScheme> schemes(SecurityMode mode) {
    Map<String, SecurityScheme> schemes = new LinkedHashMap<>();
    switch (mode) {
      case NONE -> {}
      case API_KEY -> {
        schemes.put(
            BEARER,
            new SecurityScheme()
                .type(SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .description("An API key as a bearer token: Authorization: Bearer <key>"));
        schemes.put(
            API_KEY,
            new SecurityScheme()
                .type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.HEADER)
                .name(ApiKeyConverter.API_KEY_HEADER)
                .description("An API key in its own header"));
      }
      case JWT ->
          schemes.put(
              BEARER,
              new SecurityScheme()
                  .type(SecurityScheme.Type.HTTP)
                  .scheme("bearer")
                  .bearerFormat("JWT")
                  .description("An access token from the identity provider, for this audience"));
    }
    return schemes;
  }

  @Override
  public void customise(OpenAPI api) {
    if (schemes.isEmpty()) {
      // The empty requirement: calls need no credentials. Said rather than left out, so that
      // readers and linters (Redocly's security-defined) know the API is open on purpose.
      api.addSecurityItem(new SecurityRequirement());
      return;
    }
    if (api.getComponents() == null) {
      api.components(new Components());
    }
    schemes.forEach(api.getComponents()::addSecuritySchemes);
    // Any one of the schemes will do: one requirement each.
    List<SecurityRequirement> anyOf =
        schemes.keySet().stream().map(name -> new SecurityRequirement().addList(name)).toList();
    api.getPaths()
        .forEach(
            (path, item) -> {
              if (isProtected(path)) {
                item.readOperations().forEach(operation -> operation.setSecurity(anyOf));
              }
            });
  }

  private boolean isProtected(String path) {
    PathContainer container = PathContainer.parsePath(path);
    return protectedPaths.stream().anyMatch(pattern -> pattern.matches(container));
  }
}
