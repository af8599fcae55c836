package io.tscam.server.labelling;

import io.tscam.server.console.UsageException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One share of the input list: the images whose position in the sorted list is congruent to index
 * modulo count. Every shard of a count together take every image exactly once.
 */
record Shard(int index, int count) {

  /** The variable a Kubernetes Indexed Job sets in each pod to the pod's completion index. */
  static final String JOB_COMPLETION_INDEX = "JOB_COMPLETION_INDEX";

  static final Shard WHOLE = new Shard(0, 1);

  private static final Pattern INDEX_OF_COUNT = Pattern.compile("(\\d{1,9})/(\\d{1,9})");
  private static final Pattern PART_FILE = Pattern.compile("part-(\\d{1,9})-of-(\\d{1,9})\\.json");

  Shard {
    if (count < 1 || index < 0 || index >= count) {
      throw new UsageException(
          "a shard is INDEX/COUNT with 0 <= INDEX < COUNT, got " + index + "/" + count);
    }
  }

  /**
   * The shard a command line asks for: --shard INDEX/COUNT, else JOB_COMPLETION_INDEX with
   * --shard-count, else the whole list.
   *
   * @param shard the --shard value, or null
   * @param shardCount the --shard-count value, or null
   */
  static Shard resolve(String shard, Integer shardCount, Map<String, String> environment) {
    String jobIndex = environment.get(JOB_COMPLETION_INDEX);
    if (shard != null) {
      Shard explicit = parse(shard);
      if (shardCount != null && shardCount != explicit.count()) {
        throw new UsageException(
            "--shard " + shard + " and --shard-count " + shardCount + " disagree on the count");
      }
      return explicit;
    }
    if (shardCount == null) {
      if (jobIndex != null) {
        throw new UsageException(
            JOB_COMPLETION_INDEX
                + " is set: pass --shard-count (the Job's completions) to label this pod's shard");
      }
      return WHOLE;
    }
    if (jobIndex == null) {
      throw new UsageException(
          "--shard-count needs "
              + JOB_COMPLETION_INDEX
              + " (set in each pod of an Indexed Job) or --shard INDEX/COUNT");
    }
    return new Shard(number(JOB_COMPLETION_INDEX, jobIndex), shardCount);
  }

  static Shard parse(String value) {
    Matcher matcher = INDEX_OF_COUNT.matcher(value);
    if (!matcher.matches()) {
      throw new UsageException("--shard must be INDEX/COUNT, e.g. 0/4, got '" + value + "'");
    }
    return new Shard(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
  }

  /** The shard whose part file this is, or null for any other file name. */
  static Shard ofPartFile(String fileName) {
    Matcher matcher = PART_FILE.matcher(fileName);
    if (!matcher.matches()) {
      return null;
    }
    return new Shard(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
  }

  private static int number(String name, String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new UsageException(name + " must be a number, got '" + value + "'");
    }
  }

  boolean takes(long position) {
    return position % count == index;
  }

  /** The finished shard's COCO file. */
  String partFileName() {
    return String.format(Locale.ROOT, "part-%d-of-%d.json", index, count);
  }

  /** The images finished so far, one JSON line each, while the shard runs. */
  String journalFileName() {
    return String.format(Locale.ROOT, "part-%d-of-%d.journal", index, count);
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
