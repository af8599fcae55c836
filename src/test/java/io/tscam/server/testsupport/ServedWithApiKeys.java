package io.tscam.server.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * The app of {@link ServedWithTinyModel}, but in {@code api-key} mode with the keys of {@link
 * TestApiKeys} and one extra CORS origin. Every test class with this annotation shares one running
 * app.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ServedWithTinyModel
@TestPropertySource(
    properties = {
      "tscam.security.mode=api-key",
      "tscam.security.api-keys-file=" + TestApiKeys.FILE,
      "tscam.cors.allowed-origins=" + ServedWithApiKeys.ALLOWED_ORIGIN
    })
@ContextConfiguration(initializers = TestApiKeys.class)
public @interface ServedWithApiKeys {

  String ALLOWED_ORIGIN = "https://app.example.com";
}
