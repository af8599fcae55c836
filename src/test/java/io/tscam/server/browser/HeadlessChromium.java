package io.tscam.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium and chromedriver, driven by Selenium. Both paths are given explicitly so
 * Selenium Manager never tries to download a driver (the build runs offline). A missing browser
 * fails the test with the command that installs it: the browser tests are never skipped.
 */
final class HeadlessChromium {

  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  private static final String INSTALL = "apt-get install -y chromium chromium-driver";

  private HeadlessChromium() {}

  static ChromeDriver start() throws IOException {
    assertThat(BROWSER)
        .as("Chromium is required for the browser tests: %s", INSTALL)
        .isExecutable();
    assertThat(DRIVER)
        .as("chromedriver is required for the browser tests: %s", INSTALL)
        .isExecutable();
    Path profile = Files.createTempDirectory("tscam-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--user-data-dir=" + profile,
        "--window-size=1280,1000");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(DRIVER.toString()))
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return driver;
  }
}
