package io.tscam.server.inference;

import ai.djl.repository.Artifact;
import ai.djl.repository.MRL;
import ai.djl.repository.Repository;
import ai.djl.util.Utils;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a model package named by a URL onto local disk through DJL's repository API: {@code
 * Repository.newInstance} picks the repository for the scheme (a folder, a {@code file:} or {@code
 * jar:} archive, an {@code http(s):} archive), {@code prepare} downloads and unpacks it into the
 * cache folder, and a second start with the same URL finds it there without touching the network.
 *
 * <p>DJL reads its settings from JVM-wide system properties only; they are set here, once, at
 * startup, before anything else could use DJL (nothing else in the service does).
 */
public final class PackageFetcher {

  /** The schemes an operator may use; DJL's others (djl:, s3:, hdfs:) are not offered. */
  private static final List<String> SCHEMES = List.of("file", "jar", "http", "https");

  private static final List<String> ARCHIVES = List.of(".zip", ".tar.gz", ".tgz", ".tar");
  private static final String REPOSITORY_NAME = "tscam";
  private static final Logger log = LoggerFactory.getLogger(PackageFetcher.class);

  private final Path cacheFolder;

  public PackageFetcher(Path cacheFolder) {
    this.cacheFolder = cacheFolder.toAbsolutePath().normalize();
  }

  /**
   * A package folder on disk.
   *
   * @param cacheEntry the folder DJL unpacked into, inside the cache; null when served in place
   * @param fromCache true when found in the cache rather than fetched now
   */
  record Fetched(Path folder, Path cacheEntry, boolean fromCache) {}

  Path cacheFolder() {
    return cacheFolder;
  }

  /** The folder holding model.json for {@code url}: from the cache, else fetched and unpacked. */
  Fetched fetch(String url) {
    URI uri = checkedUri(url);
    prepareCacheFolder(url);
    try {
      if ("file".equals(uri.getScheme()) && Files.isDirectory(Path.of(uri))) {
        return new Fetched(Path.of(uri), null, false);
      }
      Path cached = cachedCopy(url);
      if (cached != null) {
        log.info("model package {} found in the cache {}", url, cached);
        return new Fetched(packageFolder(url, cached), cached, true);
      }
      Path unpacked = download(url);
      return new Fetched(packageFolder(url, unpacked), unpacked, false);
    } catch (IOException | RuntimeException e) {
      throw e instanceof InvalidModelException invalid ? invalid : failure(url, cause(e), e);
    }
  }

  /** Drops a cached copy, so that the next fetch of its URL downloads it again. */
  void evict(Fetched fetched) {
    if (fetched.cacheEntry() != null) {
      log.info("dropping the cached copy {}", fetched.cacheEntry());
      Utils.deleteQuietly(fetched.cacheEntry());
    }
  }

  private URI checkedUri(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      uri = Path.of(url).toUri();
    }
    if (uri.getScheme() == null) {
      uri = Path.of(url).toUri();
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!SCHEMES.contains(scheme)) {
      throw failure(url, "scheme '" + scheme + "' is not supported (use one of " + SCHEMES + ")");
    }
    if (scheme.equals("file") && !Files.exists(Path.of(uri))) {
      throw failure(url, "no such file or folder " + Path.of(uri));
    }
    boolean folder = scheme.equals("file") && Files.isDirectory(Path.of(uri));
    String path = uri.toString().toLowerCase(Locale.ROOT);
    if (!folder && ARCHIVES.stream().noneMatch(path::endsWith)) {
      throw failure(url, "not a package folder nor an archive (.zip, .tar.gz, .tgz or .tar)");
    }
    return uri;
  }

  private void prepareCacheFolder(String url) {
    try {
      Files.createDirectories(cacheFolder);
    } catch (IOException e) {
      throw failure(url, "cache folder " + cacheFolder + " cannot be created: " + cause(e));
    }
    if (!Files.isWritable(cacheFolder)) {
      throw failure(url, "cache folder " + cacheFolder + " is not writable");
    }
    String djlCache = System.getenv("DJL_CACHE_DIR");
    if (djlCache != null && !Path.of(djlCache).toAbsolutePath().normalize().equals(cacheFolder)) {
      // DJL reads its environment variable before the property set below.
      throw failure(
          url, "environment variable DJL_CACHE_DIR (" + djlCache + ") overrides the cache folder");
    }
    System.setProperty("DJL_CACHE_DIR", cacheFolder.toString());
    // DJL refuses loopback and private-range hosts unless told otherwise: a guard for URLs that
    // come from requests. This one comes from the operator's configuration, and an in-cluster
    // object store lives on a private address.
    System.setProperty("ai.djl.allow_insecure_url", "true");
  }

  /** Resolves the URL in DJL's offline mode: its cache folder, when a copy is already there. */
  private Path cachedCopy(String url) throws IOException {
    System.setProperty("ai.djl.offline", "true");
    try {
      Repository repository = Repository.newInstance(REPOSITORY_NAME, url);
      Path folder = repository.getResourceDirectory(resolve(repository));
      return Files.isDirectory(folder) ? folder : null;
    } finally {
      System.clearProperty("ai.djl.offline");
    }
  }

  private Path download(String url) throws IOException {
    Repository repository = Repository.newInstance(REPOSITORY_NAME, url);
    Artifact artifact = resolve(repository);
    log.info("fetching model package {} into {}", url, cacheFolder);
    try {
      repository.prepare(
          artifact, new DownloadProgress(url, log::info, System::nanoTime, Duration.ofSeconds(1)));
    } catch (IOException e) {
      String network = networkCause(e);
      throw failure(url, network != null ? network : "cannot unpack the archive: " + cause(e), e);
    }
    return repository.getResourceDirectory(artifact);
  }

  /**
   * Every repository of a single archive resolves to its one artifact, whatever the MRL names; a
   * URL repository probes the server here (HEAD, for the size), so an unreachable host fails now.
   */
  private static Artifact resolve(Repository repository) throws IOException {
    return repository.resolve(MRL.undefined(repository, REPOSITORY_NAME, REPOSITORY_NAME), null);
  }

  /** The unpacked folder itself, or its only subfolder when the archive wraps the package. */
  private Path packageFolder(String url, Path unpacked) throws IOException {
    if (Files.isRegularFile(unpacked.resolve(ModelPackage.DESCRIPTOR_FILE))) {
      return unpacked;
    }
    List<Path> entries;
    try (Stream<Path> listing = Files.list(unpacked)) {
      entries = listing.sorted().toList();
    }
    if (entries.size() == 1
        && Files.isRegularFile(entries.get(0).resolve(ModelPackage.DESCRIPTOR_FILE))) {
      return entries.get(0);
    }
    Utils.deleteQuietly(unpacked);
    throw failure(
        url,
        "the archive holds no "
            + ModelPackage.DESCRIPTOR_FILE
            + " at its top or in a single top folder (found "
            + entries.stream().map(Path::getFileName).toList()
            + ")");
  }

  private static String cause(Throwable e) {
    String network = networkCause(e);
    if (network != null) {
      return network;
    }
    Throwable root = root(e);
    if (root instanceof IndexOutOfBoundsException) {
      return "the repository lists no package";
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  /** What went wrong on the way to the server, in words; null when it was not the network. */
  private static String networkCause(Throwable e) {
    Throwable root = root(e);
    if (root instanceof FileNotFoundException) {
      return "not found on the server (HTTP 404)";
    }
    if (root.getMessage() != null && root.getMessage().startsWith("Server returned HTTP")) {
      return "the server refused it (" + root.getMessage() + ")";
    }
    if (root instanceof UnknownHostException) {
      return "unknown host " + root.getMessage();
    }
    if (root instanceof ConnectException
        || root instanceof NoRouteToHostException
        || root instanceof SocketTimeoutException) {
      return "host unreachable (" + root.getMessage() + ")";
    }
    return null;
  }

  private static Throwable root(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  static InvalidModelException failure(String url, String cause) {
    return new InvalidModelException("model URL " + url + ": " + cause);
  }

  private static InvalidModelException failure(String url, String cause, Throwable e) {
    return new InvalidModelException("model URL " + url + ": " + cause, e);
  }
}
