package io.tscam.server.inference;

import java.nio.file.Path;

/**
 * Where the served package came from, as GET /model reports it.
 *
 * @param url the configured URL; for the plain folder form, the folder as a {@code file:} URL
 * @param cacheFolder the cache the URL was unpacked into; null when the package is served in place
 * @param onnxSha256 SHA-256 of the package's model.onnx, lower-case hex (as sha256sum prints it)
 */
public record ModelOrigin(String url, Path cacheFolder, String onnxSha256) {}
