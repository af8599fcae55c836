package io.tscam.server.security;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * The API's one security filter chain. Stateless (no session, no cookie, so no CSRF token to
 * check), no login page, logout or saved-request redirect: a refused caller gets a 401 or 403
 * problem. Spring Security's filter runs before the application's own filters, so an
 * unauthenticated caller is turned away before admission control looks at the inference queue.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties({AccessProperties.class, CorsProperties.class})
class SecurityConfiguration {

  /**
   * Every endpoint that runs the model or describes it lives under one of these, so an endpoint
   * added there later (e.g. {@code /localize/batch}) is protected without touching this class;
   * {@code ApiKeyAccessTest#everyEndpointOfTheApplicationIsProtected} fails for a controller mapped
   * anywhere else. Open: the demo page's files, Swagger UI, {@code /v3/api-docs}, the error page,
   * and the management port.
   */
  static final List<String> PROTECTED_PATHS = List.of("/localize/**", "/model/**");

  private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

  @Bean
  SecurityFilterChain apiSecurity(
      HttpSecurity http,
      AccessProperties access,
      CorsProperties cors,
      RejectionHandler rejections,
      ObjectProvider<JwtDecoder> jwtDecoders)
      throws Exception {
    http.csrf(AbstractHttpConfigurer::disable)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .cors(c -> c.configurationSource(new CorsPolicy(cors)))
        .exceptionHandling(
            e -> e.authenticationEntryPoint(rejections).accessDeniedHandler(rejections));
    switch (access.mode()) {
      case NONE -> http.authorizeHttpRequests(a -> a.anyRequest().permitAll());
      case API_KEY -> {
        protectModelEndpoints(http, null);
        http.addFilterBefore(
            apiKeyFilter(ApiKeyFile.load(access.apiKeysFile()), rejections),
            AnonymousAuthenticationFilter.class);
      }
      case JWT -> {
        requireDecoder(jwtDecoders);
        protectModelEndpoints(http, access.jwt().requiredAuthority());
        http.oauth2ResourceServer(
            o ->
                o.jwt(Customizer.withDefaults())
                    .authenticationEntryPoint(rejections)
                    .accessDeniedHandler(rejections));
      }
    }
    log.info(
        "API access: {} (protected: {}{})",
        access.mode(),
        PROTECTED_PATHS,
        access.mode() == SecurityMode.JWT && access.jwt().requiredScope() != null
            ? ", scope " + access.jwt().requiredScope() + " required"
            : "");
    return http.build();
  }

  @Bean
  RejectionHandler rejectionHandler(
      @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems,
      MeterRegistry registry) {
    return new RejectionHandler(problems, registry);
  }

  /**
   * The audience check Spring Boot adds to the validators of the JWT decoder it builds from {@code
   * spring.security.oauth2.resourceserver.jwt.*}; only a JWT mode uses that decoder.
   */
  @Bean
  OAuth2TokenValidator<Jwt> audienceValidator(AccessProperties access) {
    String audience = access.jwt().audience();
    return new JwtClaimValidator<List<String>>(
        JwtClaimNames.AUD, named -> named != null && named.contains(audience));
  }

  @Bean
  OpenApiCustomizer securitySchemeDocumentation(AccessProperties access) {
    return new SecuritySchemeDocumentation(access.mode(), PROTECTED_PATHS);
  }

  static RequestMatcher protectedRequests() {
    return new OrRequestMatcher(
        PROTECTED_PATHS.stream()
            .map(path -> (RequestMatcher) PathPatternRequestMatcher.pathPattern(path))
            .toList());
  }

  /**
   * The model endpoints need an authenticated caller and, where {@code requiredAuthority} is not
   * null, that authority too (403 otherwise; a caller without credentials still gets the 401).
   */
  private static void protectModelEndpoints(HttpSecurity http, String requiredAuthority)
      throws Exception {
    http.authorizeHttpRequests(
        a -> {
          var endpoints = a.requestMatchers(protectedRequests());
          if (requiredAuthority == null) {
            endpoints.authenticated();
          } else {
            endpoints.hasAuthority(requiredAuthority);
          }
          a.anyRequest().permitAll();
        });
  }

  private static AuthenticationFilter apiKeyFilter(ApiKeyFile keys, RejectionHandler rejections) {
    log.info("API keys: {} accepted", keys.size());
    AuthenticationFilter filter =
        new AuthenticationFilter(
            new ProviderManager(new ApiKeyAuthenticationProvider(keys)), new ApiKeyConverter());
    filter.setRequestMatcher(protectedRequests());
    // Accepted: the request goes on to its endpoint, never a redirect.
    filter.setSuccessHandler((request, response, authentication) -> {});
    filter.setFailureHandler(new AuthenticationEntryPointFailureHandler(rejections));
    return filter;
  }

  private static void requireDecoder(ObjectProvider<JwtDecoder> jwtDecoders) {
    if (jwtDecoders.getIfAvailable() == null) {
      throw new AccessSetupException(
          "tscam.security.mode=jwt but no JWT issuer is configured "
              + "(spring.security.oauth2.resourceserver.jwt.issuer-uri or jwk-set-uri)");
    }
  }
}
