package io.tscam.server.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives the app a fresh, empty folder of its own for uploads that Tomcat writes to disk, so a test
 * can watch it. An initializer rather than a per-class property source, so that every class using
 * the same annotation still shares one running app.
 */
public final class UploadFolder
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  public static final String PROPERTY = "spring.servlet.multipart.location";

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    try {
      String folder = Files.createTempDirectory("tscam-uploads").toString();
      context
          .getEnvironment()
          .getPropertySources()
          .addFirst(new MapPropertySource("test upload folder", Map.of(PROPERTY, folder)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
