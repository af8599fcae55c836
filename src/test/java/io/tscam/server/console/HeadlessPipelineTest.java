package io.tscam.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.tscam.server.TsCamServerApplication;
import io.tscam.server.inference.OnnxModel;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** The application as the commands start it: no web server, the command's own defaults. */
class HeadlessPipelineTest {

  private static ConfigurableApplicationContext context;

  @BeforeAll
  static void start() {
    context =
        HeadlessPipeline.start(
            TsCamServerApplication.class, Path.of("src/test/resources/models/tiny"));
  }

  @AfterAll
  static void stop() {
    context.close();
  }

  @Test
  void pipelineSpansAreOffForCommands() {
    ObservationRegistry observations = context.getBean(ObservationRegistry.class);
    assertThat(Observation.createNotStarted("tscam.span.decode", observations).isNoop()).isTrue();
    assertThat(Observation.createNotStarted("tscam.span.queue", observations).isNoop()).isTrue();
  }

  @Test
  void metricsStayForTheCommandsThatReadThem() {
    assertThat(context.getBean(MeterRegistry.class).find("tscam.batch.size").summary()).isNotNull();
  }

  @Test
  void keepsAtLeastEightImagesAWorkerInFlight() {
    int workers = context.getBean(OnnxModel.class).parallelism().workers();
    assertThat(HeadlessPipeline.imagesInFlight(context)).isGreaterThanOrEqualTo(8 * workers);
  }
}
