package io.tscam.server.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * The real app on a random port with the tiny test model, a 2 MB upload limit, a pixel limit just
 * above 12 MP and an upload folder of its own ({@link UploadFolder}). Every test class with this
 * configuration shares one running app (Spring's context cache keys on it), so a class that needs
 * the tiny model should use it rather than properties of its own. The spans of sampled requests are
 * kept in memory ({@link RecordedSpans}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "tscam.model.dir=src/test/resources/models/tiny",
      "tscam.limits.max-pixels=" + ServedWithTinyModel.MAX_PIXELS,
      "spring.servlet.multipart.max-file-size=2MB",
      "spring.servlet.multipart.max-request-size=3MB"
    })
@ContextConfiguration(initializers = UploadFolder.class)
@Import(RecordedSpans.class)
public @interface ServedWithTinyModel {

  /** Just above a 12 MP photo (4000x3000), so the limit is tight enough to see it work. */
  long MAX_PIXELS = 13_000_000;
}
