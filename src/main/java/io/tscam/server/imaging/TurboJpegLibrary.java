package io.tscam.server.imaging;

import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The part of libjpeg-turbo's TurboJPEG C API (turbojpeg.h) the decoder calls, bound by JNA. These
 * are the 2.x functions: Debian 12's libturbojpeg0 (2.1) has nothing newer, and TurboJPEG 3 still
 * exports them unchanged, so one binding serves both.
 */
interface TurboJpegLibrary extends Library {

  int TJPF_BGR = 1;
  int TJPF_CMYK = 11;

  int TJCS_CMYK = 3;
  int TJCS_YCCK = 4;

  /** libjpeg's accurate integer IDCT (JDCT_ISLOW), the one Pillow uses. */
  int TJFLAG_ACCURATEDCT = 4096;

  /** Refuses progressive JPEGs of more than 500 scans, a known way to burn CPU for minutes. */
  int TJFLAG_LIMITSCANS = 32768;

  int TJERR_WARNING = 0;

  Pointer tjInitDecompress();

  int tjDecompressHeader3(
      Pointer handle,
      Pointer jpegBuf,
      NativeLong jpegSize,
      int[] width,
      int[] height,
      int[] jpegSubsamp,
      int[] jpegColorspace);

  int tjDecompress2(
      Pointer handle,
      Pointer jpegBuf,
      NativeLong jpegSize,
      Pointer dstBuf,
      int width,
      int pitch,
      int height,
      int pixelFormat,
      int flags);

  String tjGetErrorStr2(Pointer handle);

  int tjGetErrorCode(Pointer handle);

  int tjDestroy(Pointer handle);

  Pointer tjAlloc(int bytes);

  void tjFree(Pointer buffer);
}
