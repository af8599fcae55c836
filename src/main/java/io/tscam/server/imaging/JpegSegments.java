package io.tscam.server.imaging;

import static java.nio.charset.StandardCharsets.US_ASCII;

import com.twelvemonkeys.imageio.metadata.CompoundDirectory;
import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.stream.ImageInputStream;

/**
 * The marker segments of a JPEG before its first scan, where the EXIF orientation and embedded
 * colour profiles live. Malformed segments end the walk quietly: the decoder reports broken data.
 */
final class JpegSegments {

  private static final int APP1 = 0xE1;
  private static final int APP2 = 0xE2;
  private static final int START_OF_SCAN = 0xDA;
  private static final int END_OF_IMAGE = 0xD9;
  private static final byte[] EXIF_ID = "Exif\0\0".getBytes(US_ASCII);
  private static final byte[] ICC_PROFILE_ID = "ICC_PROFILE\0".getBytes(US_ASCII);

  /** One segment: marker byte, offset of its 0xFF and offset just past its payload. */
  private record Segment(int marker, int start, int end) {
    int payloadStart() {
      return start + 4;
    }
  }

  private final byte[] data;
  private final List<Segment> segments;

  private JpegSegments(byte[] data, List<Segment> segments) {
    this.data = data;
    this.segments = segments;
  }

  static JpegSegments parse(byte[] data) {
    List<Segment> segments = new ArrayList<>();
    int position = 2;
    while (position + 4 <= data.length && (data[position] & 0xFF) == 0xFF) {
      int marker = data[position + 1] & 0xFF;
      if (marker == 0xFF) {
        position++; // fill byte before a marker
        continue;
      }
      if (marker == START_OF_SCAN || marker == END_OF_IMAGE) {
        break;
      }
      if (isStandalone(marker)) {
        position += 2;
        continue;
      }
      int length = (data[position + 2] & 0xFF) << 8 | (data[position + 3] & 0xFF);
      int end = position + 2 + length;
      if (length < 2 || end > data.length) {
        break;
      }
      segments.add(new Segment(marker, position, end));
      position = end;
    }
    return new JpegSegments(data, segments);
  }

  private static boolean isStandalone(int marker) {
    return marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7);
  }

  /** The first EXIF block's orientation; upright when absent or unreadable, as for PIL. */
  ExifOrientation orientation() {
    for (Segment segment : segments) {
      if (segment.marker() == APP1 && hasId(segment, EXIF_ID)) {
        return orientationOf(segment);
      }
    }
    return ExifOrientation.UPRIGHT;
  }

  private ExifOrientation orientationOf(Segment exif) {
    int tiffStart = exif.payloadStart() + EXIF_ID.length;
    try (ImageInputStream tiff =
        new ByteArrayImageInputStream(data, tiffStart, exif.end() - tiffStart)) {
      Directory directory = new TIFFReader().read(tiff);
      Directory firstIfd =
          directory instanceof CompoundDirectory compound ? compound.getDirectory(0) : directory;
      Entry orientation = firstIfd.getEntryById(TIFF.TAG_ORIENTATION);
      return orientation != null && orientation.getValue() instanceof Number value
          ? ExifOrientation.fromTag(value.intValue())
          : ExifOrientation.UPRIGHT;
    } catch (IOException | RuntimeException unreadableExif) {
      return ExifOrientation.UPRIGHT;
    }
  }

  /**
   * The JPEG without its embedded ICC profile segments. PIL ignores colour profiles, and the model
   * was trained on PIL's raw decode; the JPEG reader would otherwise convert to sRGB through the
   * profile (slowly, and to different pixels).
   */
  byte[] withoutColourProfile() {
    List<Segment> profiles =
        segments.stream()
            .filter(segment -> segment.marker() == APP2 && hasId(segment, ICC_PROFILE_ID))
            .toList();
    if (profiles.isEmpty()) {
      return data;
    }
    ByteArrayOutputStream kept = new ByteArrayOutputStream(data.length);
    int position = 0;
    for (Segment profile : profiles) {
      kept.write(data, position, profile.start() - position);
      position = profile.end();
    }
    kept.write(data, position, data.length - position);
    return kept.toByteArray();
  }

  private boolean hasId(Segment segment, byte[] id) {
    int from = segment.payloadStart();
    return segment.end() - from >= id.length
        && Arrays.equals(data, from, from + id.length, id, 0, id.length);
  }
}
