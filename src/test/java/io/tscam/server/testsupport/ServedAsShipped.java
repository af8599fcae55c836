package io.tscam.server.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The real app on a random port exactly as shipped: the bundled demo model and the packaged
 * configuration (20 MB uploads, default limits). The model folder is named so that a {@code
 * TSCAM_MODEL_DIR} in the environment cannot change what is tested. Every test class with this
 * annotation shares one running app (Spring's context cache keys on it).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "tscam.model.dir=models/demo")
public @interface ServedAsShipped {}
