package io.tscam.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.tscam.server.testsupport.ServedWithApiKeys;
import io.tscam.server.testsupport.TestApiKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The demo page in headless Chromium against an app that wants API keys: the page asks for a key
 * when the API answers 401, says so when a key is refused, and with a good key shows the model and
 * localizes an upload; the key is kept in the tab's sessionStorage only.
 */
@ServedWithApiKeys
class DemoPageWithApiKeyBrowserTest {

  private static final Path SAMPLE =
      Path.of("src/main/resources/static/samples/sneaker.png").toAbsolutePath();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static ChromeDriver browser;

  @LocalServerPort int port;

  @BeforeAll
  static void startBrowser() throws Exception {
    browser = HeadlessChromium.start();
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void asksForAKeyOnA401AndWorksWithTheRightOne() {
    browser.get("http://localhost:" + port + "/");
    WebElement form = browser.findElement(By.id("key-form"));
    waitUntil(b -> form.isDisplayed());
    assertThat(browser.findElement(By.id("error-title")).getText())
        .isEqualTo("Authentication required");

    enterKey("not-a-key-of-this-server");
    waitUntil(b -> form.isDisplayed() && keyHint().contains("not accepted"));

    enterKey(TestApiKeys.PLAIN_KEY);
    waitUntil(b -> b.findElements(By.cssSelector("#class-picker option")).size() > 1);
    assertThat(form.isDisplayed()).isFalse();
    browser.findElement(By.id("image-input")).sendKeys(SAMPLE.toString());
    waitUntil(b -> "done".equals(b.findElement(By.tagName("body")).getDomAttribute("data-state")));
    assertThat(browser.findElements(By.cssSelector("#predictions li"))).isNotEmpty();
    assertThat(browser.executeScript("return sessionStorage.getItem('tscam.apiKey')"))
        .isEqualTo(TestApiKeys.PLAIN_KEY);
    assertThat(browser.executeScript("return localStorage.length + document.cookie.length"))
        .as("nothing kept beyond the tab's session")
        .isEqualTo(0L);
  }

  private static void enterKey(String key) {
    WebElement input = browser.findElement(By.id("api-key"));
    input.sendKeys(key);
    browser.findElement(By.cssSelector("#key-form button")).click();
  }

  private static String keyHint() {
    return browser.findElement(By.id("key-hint")).getText();
  }

  private static <T> T waitUntil(Function<WebDriver, T> condition) {
    return new WebDriverWait(browser, TIMEOUT).until(condition::apply);
  }
}
