package io.tscam.server.security;

import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Browser origins other than the server's own that may call the API ({@code
 * TSCAM_CORS_ALLOWED_ORIGINS}, comma-separated, e.g. {@code https://app.example.com}). Empty: same
 * origin only.
 */
@Validated
@ConfigurationProperties("tscam.cors")
record CorsProperties(@NotNull @DefaultValue List<String> allowedOrigins) {}
