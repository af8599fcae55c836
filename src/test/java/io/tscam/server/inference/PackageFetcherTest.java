package io.tscam.server.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tscam.server.testsupport.PackageServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Packages fetched by URL through DJL's repository API, offline: a JDK HTTP server on 127.0.0.1
 * stands in for an object store.
 */
class PackageFetcherTest {

  private static final Path SMALL = Path.of("src/test/resources/models/small-static");
  private static final List<String> PACKAGE = List.of("model.onnx", "model.json");

  @TempDir Path cache;
  private final PackageServer server = new PackageServer();

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void unpacksAZipIntoTheCacheAndOpensIt() {
    String url = server.serve("small.zip", PackageServer.zip(SMALL, "", PACKAGE));

    PackageLocator.Located located = locator().fromUrl(url, null);

    assertThat(located.modelPackage().directory()).startsWith(cache);
    assertThat(located.modelPackage().descriptor().name()).isEqualTo("small-static");
    assertThat(located.origin().url()).isEqualTo(url);
    assertThat(located.origin().cacheFolder()).isEqualTo(cache.toAbsolutePath());
    assertThat(located.origin().onnxSha256()).isEqualTo(sha256OfSmall());
  }

  @Test
  void unpacksATarGzWhosePackageSitsInOneTopFolder() {
    String url = server.serve("small.tar.gz", PackageServer.tarGz(SMALL, "small/", PACKAGE));

    PackageFetcher.Fetched fetched = new PackageFetcher(cache).fetch(url);

    assertThat(fetched.folder().getFileName()).hasToString("small");
    assertThat(fetched.folder().resolve("model.onnx"))
        .hasSameBinaryContentAs(SMALL.resolve("model.onnx"));
    assertThat(fetched.fromCache()).isFalse();
  }

  @Test
  void aRestartWithTheSameUrlStartsFromTheCacheWithTheServerStopped() {
    String url = server.serve("small.zip", PackageServer.zip(SMALL, "", PACKAGE));
    Path first = new PackageFetcher(cache).fetch(url).folder();
    server.close();

    PackageFetcher.Fetched again = new PackageFetcher(cache).fetch(url);

    assertThat(again.fromCache()).isTrue();
    assertThat(again.folder()).isEqualTo(first);
    assertThat(server.downloads()).isEqualTo(1);
  }

  @Test
  void aMissingArchiveIsAnHttp404NamingTheUrl() {
    String url = server.url("nowhere.zip");

    assertThatThrownBy(() -> new PackageFetcher(cache).fetch(url))
        .isInstanceOf(InvalidModelException.class)
        .hasMessage("model URL " + url + ": not found on the server (HTTP 404)");
  }

  @Test
  void anUnreachableHostSaysSo() throws IOException {
    String url = "http://127.0.0.1:" + closedPort() + "/small.zip";

    assertThatThrownBy(() -> new PackageFetcher(cache).fetch(url))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageStartingWith("model URL " + url + ": host unreachable");
  }

  @Test
  void anArchiveWithoutModelJsonIsRefusedAndNotKept() {
    String url = server.serve("onnx-only.zip", PackageServer.zip(SMALL, "", List.of("model.onnx")));

    assertThatThrownBy(() -> new PackageFetcher(cache).fetch(url))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageStartingWith("model URL " + url + ": the archive holds no model.json")
        .hasMessageContaining("[model.onnx]");
    assertThatThrownBy(() -> new PackageFetcher(cache).fetch(url))
        .hasMessageContaining("no model.json");
    assertThat(server.downloads()).as("the broken copy was not cached").isEqualTo(2);
  }

  @Test
  void bytesThatAreNoArchiveCannotBeUnpacked() {
    String url = server.serve("page.zip", "<html>login</html>".getBytes());

    assertThatThrownBy(() -> new PackageFetcher(cache).fetch(url))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageStartingWith("model URL " + url + ": cannot unpack the archive");
  }

  @Test
  void aChecksumMismatchStopsTheLoad() {
    String url = server.serve("small.zip", PackageServer.zip(SMALL, "", PACKAGE));
    String wrong = "0".repeat(64);

    assertThatThrownBy(() -> locator().fromUrl(url, wrong))
        .isInstanceOf(InvalidModelException.class)
        .hasMessage(
            "model URL %s: SHA-256 of model.onnx is %s, but tscam.model.sha256 expects %s",
            url, sha256OfSmall(), wrong);
    assertThat(locator().fromUrl(url, sha256OfSmall().toUpperCase()).origin().onnxSha256())
        .isEqualTo(sha256OfSmall());
  }

  @Test
  void aCachedCopyThatNoLongerMatchesIsFetchedAgain() {
    String url = server.serve("small.zip", PackageServer.zip(SMALL, "", PACKAGE));
    locator().fromUrl(url, null);
    Path tiny = Path.of("src/test/resources/models/tiny");
    server.serve("small.zip", PackageServer.zip(tiny, "", PACKAGE));

    PackageLocator.Located located = locator().fromUrl(url, ModelPackage.open(tiny).onnxSha256());

    assertThat(located.modelPackage().descriptor().name()).isEqualTo("tiny");
    assertThat(server.downloads()).isEqualTo(2);
  }

  @Test
  void aJarUrlReadsAnArchiveFromTheClasspath() {
    PackageFetcher.Fetched fetched = new PackageFetcher(cache).fetch("jar:///packages/small.zip");

    assertThat(fetched.folder().resolve("model.onnx"))
        .hasSameBinaryContentAs(SMALL.resolve("model.onnx"));
  }

  @Test
  void aJarUrlThatNamesNothingOnTheClasspathSaysSo() {
    assertThatThrownBy(() -> new PackageFetcher(cache).fetch("jar:///packages/missing.zip"))
        .isInstanceOf(InvalidModelException.class)
        .hasMessage(
            "model URL jar:///packages/missing.zip: "
                + "Resource not found: jar:///packages/missing.zip");
  }

  @Test
  void aPlainFolderIsServedInPlace() {
    PackageFetcher.Fetched fetched = new PackageFetcher(cache).fetch(SMALL.toUri().toString());

    assertThat(fetched.folder()).isEqualTo(SMALL.toAbsolutePath());
    assertThat(fetched.cacheEntry()).isNull();
  }

  @Test
  void onlyFileJarAndHttpSchemesAreAccepted() {
    assertThatThrownBy(() -> new PackageFetcher(cache).fetch("ftp://127.0.0.1/small.zip"))
        .hasMessage(
            "model URL ftp://127.0.0.1/small.zip: scheme 'ftp' is not supported "
                + "(use one of [file, jar, http, https])");
  }

  @Test
  void anUnusableCacheFolderIsNamed() throws IOException {
    Path blocker = Files.writeString(cache.resolve("file"), "in the way");
    String url = server.serve("small.zip", PackageServer.zip(SMALL, "", PACKAGE));

    assertThatThrownBy(() -> new PackageFetcher(blocker.resolve("cache")).fetch(url))
        .hasMessageStartingWith("model URL " + url + ": cache folder " + blocker.resolve("cache"));
  }

  private PackageLocator locator() {
    return new PackageLocator(new PackageFetcher(cache));
  }

  private static String sha256OfSmall() {
    return ModelPackage.open(SMALL).onnxSha256();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
