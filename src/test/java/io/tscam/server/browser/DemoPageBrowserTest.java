package io.tscam.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.tscam.server.testsupport.ServedAsShipped;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The demo page (GET /) and Swagger UI driven in headless Chromium against the real app and the
 * demo model: what the page shows must be what the API answers for the same image and parameters.
 * Screenshots land in target/browser-artifacts/.
 */
@ServedAsShipped
class DemoPageBrowserTest {

  private static final Path SAMPLE =
      Path.of("src/main/resources/static/samples/sneaker.png").toAbsolutePath();
  private static final Path NOT_AN_IMAGE = Path.of("pom.xml").toAbsolutePath();
  private static final Path ARTIFACTS = Path.of("target/browser-artifacts");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static ChromeDriver browser;

  @LocalServerPort int port;
  private LocalizeApi api;

  @BeforeAll
  static void startBrowser() throws IOException {
    Files.createDirectories(ARTIFACTS);
    browser = HeadlessChromium.start();
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @BeforeEach
  void openDemoPage() {
    api = new LocalizeApi(port);
    browser.get(api.baseUrl() + "/");
    waitUntil(b -> b.findElements(By.cssSelector("#class-picker option")).size() > 1);
  }

  @Test
  void showsTheApisTopClassAndTheOverlayWithItsBox() throws Exception {
    upload(SAMPLE);
    waitForState("done");
    JsonNode expected = api.json(SAMPLE, "topk=5&threshold=" + sliderValue());
    List<WebElement> shown = browser.findElements(By.cssSelector("#predictions li"));
    assertThat(shown).hasSize(expected.get("predictions").size());
    JsonNode top = expected.at("/predictions/0");
    assertThat(shown.get(0).findElement(By.className("label")).getText())
        .isEqualTo(top.get("label").asString());
    screenshot("demo-page.png");

    byte[] overlay = overlayShownByThePage();
    assertThat(overlay)
        .as("the page shows the API's overlay for the same request")
        .isEqualTo(api.png(SAMPLE, "topk=5&threshold=" + sliderValue()));
    assertBoxDrawn(overlay, expected, top);
    WebElement box = browser.findElement(By.id("box"));
    assertThat(box.isDisplayed()).isTrue();
    assertThat(box.getDomAttribute("data-class-index")).isEqualTo(top.get("classIndex").asString());
    assertTracedBoxMatches(box, expected, top);
  }

  @Test
  void classPickerAndThresholdSliderAskTheApiAgain() throws Exception {
    upload(SAMPLE);
    waitForState("done");
    JsonNode topK = api.json(SAMPLE, "topk=5&threshold=" + sliderValue());
    JsonNode second = topK.at("/predictions/1");

    new Select(browser.findElement(By.id("class-picker")))
        .selectByValue(second.get("classIndex").asString());
    waitUntil(b -> shownLabels().equals(List.of(second.get("label").asString())));
    waitForState("done");
    assertThat(browser.findElement(By.id("box")).getDomAttribute("data-class-index"))
        .isEqualTo(second.get("classIndex").asString());

    // A click on the track's middle moves the thumb there: one change event, as a drag ends.
    String before = sliderValue();
    new Actions(browser).moveToElement(browser.findElement(By.id("threshold"))).click().perform();
    String after = sliderValue();
    assertThat(after).isNotEqualTo(before);
    waitUntil(b -> b.findElement(By.id("status")).getText().startsWith("Threshold " + after));
    String query = "classes=" + second.get("classIndex").asString() + "&threshold=" + after;
    JsonNode expected = api.json(SAMPLE, query);
    JsonNode box = expected.at("/predictions/0/box");
    assertThat(browser.findElement(By.cssSelector("#predictions li .box-coords")).getText())
        .contains("(" + box.get("x1").asInt() + ", " + box.get("y1").asInt() + ")")
        .contains("(" + box.get("x2").asInt() + ", " + box.get("y2").asInt() + ")");
    byte[] overlay = overlayShownByThePage();
    assertThat(overlay).isEqualTo(api.png(SAMPLE, query));
    assertBoxDrawn(overlay, expected, expected.at("/predictions/0"));
    screenshot("demo-page-class-and-threshold.png");
  }

  @Test
  void showsTheProblemDetailOfARejectedUpload() throws Exception {
    upload(NOT_AN_IMAGE);
    waitForState("error");
    JsonNode problem = api.json(NOT_AN_IMAGE, "topk=5");
    assertThat(problem.get("status").asInt()).isBetween(400, 499);
    assertThat(browser.findElement(By.id("error-detail")).getText())
        .isEqualTo(problem.get("detail").asString());
    assertThat(browser.findElement(By.id("overlay-figure")).isDisplayed()).isFalse();
    screenshot("demo-page-error.png");
  }

  @Test
  void linksToSwaggerUiWhereAnUploadSucceeds() throws Exception {
    browser.findElement(By.id("swagger-link")).click();
    waitUntil(b -> b.getCurrentUrl().contains("/swagger-ui/"));
    WebElement operation =
        waitUntil(
            b ->
                b.findElements(By.cssSelector(".opblock-post")).stream()
                    .filter(o -> o.getText().contains("/localize"))
                    .findFirst()
                    .orElse(null));
    operation.findElement(By.cssSelector(".opblock-summary")).click();
    waitUntil(b -> operation.findElement(By.cssSelector(".try-out__btn"))).click();
    waitUntil(b -> operation.findElement(By.cssSelector("input[type=file]")))
        .sendKeys(SAMPLE.toString());
    operation.findElement(By.cssSelector(".execute")).click();
    WebElement status =
        waitUntil(
            b ->
                operation
                    .findElements(
                        By.cssSelector(".live-responses-table tr.response .response-col_status"))
                    .stream()
                    .findFirst()
                    .orElse(null));
    assertThat(status.getText()).startsWith("200");
    ((JavascriptExecutor) browser)
        .executeScript("arguments[0].scrollIntoView({block: 'center'});", status);
    screenshot("swagger-ui-localize.png");
  }

  private void upload(Path file) {
    browser.findElement(By.id("image-input")).sendKeys(file.toString());
  }

  private void waitForState(String state) {
    waitUntil(b -> state.equals(b.findElement(By.tagName("body")).getDomAttribute("data-state")));
  }

  private static <T> T waitUntil(Function<WebDriver, T> condition) {
    return new WebDriverWait(browser, TIMEOUT).until(condition::apply);
  }

  private static String sliderValue() {
    return browser.findElement(By.id("threshold")).getDomProperty("value");
  }

  /** Read in one script: the list is re-rendered by every answer, so elements go stale. */
  @SuppressWarnings("unchecked")
  private static List<String> shownLabels() {
    return (List<String>)
        ((JavascriptExecutor) browser)
            .executeScript(
                "return [...document.querySelectorAll('#predictions li .label')]"
                    + ".map(e => e.textContent);");
  }

  /** The bytes behind the overlay <img> (a blob: URL), read back through the page. */
  private static byte[] overlayShownByThePage() {
    String base64 =
        (String)
            ((JavascriptExecutor) browser)
                .executeAsyncScript(
                    """
                    const done = arguments[arguments.length - 1];
                    const image = document.getElementById('overlay');
                    if (!image.complete || image.naturalWidth === 0) { done(null); return; }
                    fetch(image.src).then(r => r.blob()).then(blob => {
                      const reader = new FileReader();
                      reader.onload = () => done(reader.result.split(',')[1]);
                      reader.readAsDataURL(blob);
                    });
                    """);
    assertThat(base64).as("the overlay image is loaded").isNotNull();
    return Base64.getDecoder().decode(base64);
  }

  /** The overlay PNG has an outline along the top class's box, scaled to the overlay's size. */
  private static void assertBoxDrawn(byte[] png, JsonNode result, JsonNode prediction)
      throws IOException {
    BufferedImage overlay = ImageIO.read(new ByteArrayInputStream(png));
    double scale = overlay.getWidth() / result.at("/image/width").asDouble();
    JsonNode box = prediction.get("box");
    assertThat(
            new DrawnBoxOutline(overlay)
                .colourAround(
                    (int) Math.round(box.get("x1").asInt() * scale),
                    (int) Math.round(box.get("y1").asInt() * scale),
                    (int) Math.round(box.get("x2").asInt() * scale),
                    (int) Math.round(box.get("y2").asInt() * scale)))
        .as(
            "a box outline along %s in the %dx%d overlay",
            box, overlay.getWidth(), overlay.getHeight())
        .isPresent();
  }

  /** The page's box element sits on the JSON box, scaled to the displayed image (within 2 px). */
  private static void assertTracedBoxMatches(WebElement box, JsonNode result, JsonNode prediction) {
    WebElement image = browser.findElement(By.id("overlay"));
    double scale = image.getRect().getWidth() / result.at("/image/width").asDouble();
    JsonNode expected = prediction.get("box");
    assertThat((double) box.getRect().getX() - image.getRect().getX())
        .isCloseTo(expected.get("x1").asInt() * scale, Offset.offset(2.0));
    assertThat((double) box.getRect().getWidth())
        .isCloseTo(
            (expected.get("x2").asInt() - expected.get("x1").asInt()) * scale, Offset.offset(2.0));
  }

  private static void screenshot(String name) throws IOException {
    Files.write(ARTIFACTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
  }
}
