package io.tscam.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the TS-CAM localization service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TsCamServerApplication {

  public static void main(String[] args) {
    OrderlyShutdown.install(SpringApplication.run(TsCamServerApplication.class, args));
  }
}
