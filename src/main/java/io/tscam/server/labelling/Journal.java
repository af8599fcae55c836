package io.tscam.server.labelling;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A running shard's finished images, one JSON line each in input order, after a header line that
 * names the run. Lines are appended as images finish and reach the disk every few seconds (on a
 * timer, so also while the run waits on a slow image), so that a shard killed halfway loses at most
 * those seconds: run again, it keeps every whole line (a line cut by the kill is dropped) and
 * labels on from the first image missing.
 */
final class Journal implements AutoCloseable {

  /** How often finished lines reach the disk. */
  static final Duration FLUSH_PERIOD = Duration.ofSeconds(2);

  private final FileChannel channel;
  private final BufferedWriter writer;
  private final int resumedImages;
  private final ScheduledExecutorService flusher;

  private Journal(FileChannel channel, int resumedImages) {
    this.channel = channel;
    this.writer =
        new BufferedWriter(
            new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8),
            1 << 16);
    this.resumedImages = resumedImages;
    this.flusher =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "tscam-label-journal");
              thread.setDaemon(true);
              return thread;
            });
    long period = FLUSH_PERIOD.toMillis();
    flusher.scheduleAtFixedRate(this::flushOnTimer, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Opens the journal of a shard: a new one with its header, or the one a killed run left, cut
   * after its last whole line.
   *
   * @param header what identifies the run (model, options, input list)
   * @param paths the shard's images, in order
   * @throws LabellingException when the journal belongs to another run or input list
   */
  static Journal open(Path file, JsonNode header, Shard shard, List<String> paths) {
    try {
      Kept kept = Files.exists(file) ? kept(file, header, shard, paths) : new Kept(0, 0);
      FileChannel channel =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      channel.truncate(kept.bytes());
      channel.position(kept.bytes());
      Journal journal = new Journal(channel, kept.images());
      if (kept.bytes() == 0) {
        journal.writeLine(header);
      }
      return journal;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the journal " + file, e);
    }
  }

  /** How much of an existing journal stands: bytes up to its last whole line, images in it. */
  private record Kept(long bytes, int images) {}

  private static Kept kept(Path file, JsonNode header, Shard shard, List<String> paths)
      throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      Line first = Line.read(in);
      if (first == null) {
        return new Kept(0, 0); // killed while writing the header
      }
      if (!CocoJson.same(header, parse(first.text()))) {
        throw new LabellingException(
            file
                + " was written by another run (model, options or input list differ): run with"
                + " --force to start the shard over");
      }
      long bytes = first.bytes();
      int images = 0;
      for (Line line = Line.read(in); line != null; line = Line.read(in)) {
        JsonNode entry = parse(line.text());
        if (entry == null) {
          break;
        }
        long position = InputList.position(shard, images);
        if (images >= paths.size()
            || entry.path("position").asLong(-1) != position
            || !paths.get(images).equals(entry.path("file_name").asString(""))) {
          throw new LabellingException(
              file
                  + " line "
                  + (images + 2)
                  + " does not match the input list: run with --force to start the shard over");
        }
        bytes += line.bytes();
        images++;
      }
      return new Kept(bytes, images);
    }
  }

  /** A whole line (with its newline) as read; null at the end or for a line the kill cut. */
  private record Line(String text, long bytes) {
    static Line read(InputStream in) throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      for (int b = in.read(); b >= 0; b = in.read()) {
        if (b == '\n') {
          return new Line(line.toString(StandardCharsets.UTF_8), line.size() + 1L);
        }
        line.write(b);
      }
      return null;
    }
  }

  private static JsonNode parse(String line) {
    try {
      return CocoJson.MAPPER.readTree(line);
    } catch (JacksonException e) {
      return null;
    }
  }

  /** Images a previous run finished, at the start of the shard's list. */
  int resumedImages() {
    return resumedImages;
  }

  /** Appends one finished image; the disk sees it within {@link #FLUSH_PERIOD}. */
  void append(JsonNode entry) {
    try {
      writeLine(entry);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the journal", e);
    }
  }

  private synchronized void writeLine(JsonNode node) throws IOException {
    writer.write(CocoJson.MAPPER.writeValueAsString(node));
    writer.write('\n');
  }

  private synchronized void flush() throws IOException {
    writer.flush();
    channel.force(false);
  }

  private void flushOnTimer() {
    try {
      flush();
    } catch (IOException e) {
      // The next append or the close reports a disk that fails for good.
    }
  }

  @Override
  public void close() {
    flusher.shutdownNow();
    try (channel) {
      flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the journal", e);
    }
  }

  /** Every image entry of a finished journal, in order (the header left out). */
  static void forEachEntry(Path file, Consumer<JsonNode> action) {
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      lines.skip(1).map(line -> CocoJson.MAPPER.readTree(line)).forEach(action);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the journal " + file, e);
    }
  }
}
