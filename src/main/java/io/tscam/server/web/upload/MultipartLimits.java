package io.tscam.server.web.upload;

/**
 * What one multipart upload may hold; a negative value means no limit. The values are the ones
 * Spring Boot's properties already name (spring.servlet.multipart.*, server.tomcat.max-part-*), so
 * a deployment configures this parser exactly as it configured Tomcat's.
 *
 * @param maxPartBytes the largest part (max-file-size)
 * @param maxRequestBytes the largest body (max-request-size)
 * @param memoryThresholdBytes parts up to this size stay in memory, larger ones go to a temporary
 *     file (file-size-threshold)
 * @param maxParts the most parts, fields included (server.tomcat.max-part-count)
 * @param maxPartHeaderBytes the longest header block of one part, its closing blank line included
 *     (server.tomcat.max-part-header-size)
 * @param maxFieldBytes the most bytes of form fields (parts without a file name) in all
 *     (server.tomcat.max-http-form-post-size)
 */
public record MultipartLimits(
    long maxPartBytes,
    long maxRequestBytes,
    long memoryThresholdBytes,
    int maxParts,
    int maxPartHeaderBytes,
    long maxFieldBytes) {

  static boolean exceeds(long value, long limit) {
    return limit >= 0 && value > limit;
  }
}
