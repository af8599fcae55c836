package io.tscam.server.inference;

import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the configured model package, a folder as it is or a URL through the {@link
 * PackageFetcher}, and holds it to the configured SHA-256 of its model.onnx.
 */
public final class PackageLocator {

  private static final Logger log = LoggerFactory.getLogger(PackageLocator.class);

  private final PackageFetcher fetcher;

  public PackageLocator(PackageFetcher fetcher) {
    this.fetcher = fetcher;
  }

  /** A package ready to load and where it came from. */
  public record Located(ModelPackage modelPackage, ModelOrigin origin) {}

  /** The plain folder form ({@code tscam.model.dir}). */
  public Located fromFolder(Path folder, String expectedSha256) {
    ModelPackage modelPackage = ModelPackage.open(folder);
    String sha256 = modelPackage.onnxSha256();
    if (mismatches(expectedSha256, sha256)) {
      throw new InvalidModelException(mismatch(modelPackage, sha256, expectedSha256));
    }
    return new Located(
        modelPackage, new ModelOrigin(modelPackage.directory().toUri().toString(), null, sha256));
  }

  /**
   * The URL form ({@code tscam.model.url}). A cached copy whose model.onnx does not match the
   * expected SHA-256 may be an older upload to the same URL: it is dropped and fetched once more.
   */
  public Located fromUrl(String url, String expectedSha256) {
    PackageFetcher.Fetched fetched = fetcher.fetch(url);
    ModelPackage modelPackage = open(url, fetched);
    String sha256 = modelPackage.onnxSha256();
    if (mismatches(expectedSha256, sha256) && fetched.fromCache()) {
      log.warn("the cached copy of {} does not match tscam.model.sha256; fetching it again", url);
      fetcher.evict(fetched);
      fetched = fetcher.fetch(url);
      modelPackage = open(url, fetched);
      sha256 = modelPackage.onnxSha256();
    }
    if (mismatches(expectedSha256, sha256)) {
      fetcher.evict(fetched);
      throw PackageFetcher.failure(url, mismatch(modelPackage, sha256, expectedSha256));
    }
    Path cache = fetched.cacheEntry() == null ? null : fetcher.cacheFolder();
    return new Located(modelPackage, new ModelOrigin(url, cache, sha256));
  }

  private static ModelPackage open(String url, PackageFetcher.Fetched fetched) {
    try {
      return ModelPackage.open(fetched.folder());
    } catch (InvalidModelException e) {
      throw PackageFetcher.failure(url, e.getMessage());
    }
  }

  private static boolean mismatches(String expected, String actual) {
    return expected != null
        && !expected.isBlank()
        && !expected.toLowerCase(Locale.ROOT).equals(actual);
  }

  private static String mismatch(ModelPackage modelPackage, String actual, String expected) {
    return "SHA-256 of %s is %s, but tscam.model.sha256 expects %s"
        .formatted(
            modelPackage.onnxFile().getFileName(), actual, expected.toLowerCase(Locale.ROOT));
  }
}
