"""Sample images and golden files for the Java imaging package (io.tscam.server.imaging).

Writes src/test/resources/images/ (one small file per kind of input the decoder must handle or
refuse) and src/test/resources/golden/imaging/ (what PIL makes of them, as .npy):

  decoded.npz  "<image>": uint8 [H, W, 3], Image.open(...).convert("RGB") with EXIF orientation
  scaled.npz   "<image>_1of<n>": uint8 [H, W, 3], decoded at 1/n inside libjpeg's IDCT (PIL's
               Image.draft), then as decoded.npz: what the service's DCT-scaled JPEG reads must
               match
  resized.npz  "<image>_<W>x<H>": uint8 [H, W, 3], PIL Image.resize((W, H), Image.BILINEAR)
  tensor.npz   "<image>_<H>x<W>": float32 [3, H, W], tools/tscam/reference.py preprocess
  colormap.npz "jet": uint8 [256, 3], OpenCV's COLORMAP_JET for levels 0..255, in RGB order

Run from the repository root with Debian's Python (Pillow 9.4, OpenCV 4.6):
    /usr/bin/python3 tools/golden_imaging.py
Everything is deterministic; re-running rewrites identical files.
"""

from __future__ import annotations

import io
import struct
import sys
import zlib
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageCms, ImageDraw, ImageOps

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tscam.reference import preprocess  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "src/test/resources/images"
GOLDEN = ROOT / "src/test/resources/golden/imaging"

EXIF_ORIENTATION = 0x0112


def scene(width: int, height: int, seed: int = 7) -> Image.Image:
    """A photo-like RGB test card: gradients, shapes and mild noise, asymmetric so that any
    flip or rotation changes it."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    rgb = np.stack(
        [
            255 * x / max(width - 1, 1),
            255 * y / max(height - 1, 1),
            127 + 100 * np.sin(x / 5.0) * np.cos(y / 7.0),
        ],
        axis=-1,
    )
    rgb += rng.normal(0, 6, rgb.shape)
    image = Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(image)
    draw.ellipse([width * 0.1, height * 0.15, width * 0.45, height * 0.6], fill=(250, 30, 40))
    draw.rectangle([width * 0.6, height * 0.55, width * 0.95, height * 0.9], fill=(20, 40, 230))
    draw.rectangle([0, 0, max(width // 8, 1), max(height // 8, 1)], fill=(255, 255, 0))
    return image


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int, height: int, color_type: int, idat: bytes, interlace: int = 0) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, interlace)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


ADAM7 = [
    (0, 0, 8, 8),
    (4, 0, 8, 8),
    (0, 4, 4, 8),
    (2, 0, 4, 4),
    (0, 2, 2, 4),
    (1, 0, 2, 2),
    (0, 1, 1, 2),
]


def interlaced_png(image: Image.Image) -> bytes:
    """Adam7-interlaced RGB PNG (neither PIL nor OpenCV writes one): each pass's rows, filter 0."""
    pixels = np.asarray(image.convert("RGB"))
    raw = b""
    for x0, y0, dx, dy in ADAM7:
        sub = pixels[y0::dy, x0::dx]
        if sub.size:
            raw += b"".join(b"\x00" + row.tobytes() for row in sub)
    return png(image.width, image.height, 2, zlib.compress(raw), interlace=1)


def decompression_bomb_png() -> bytes:
    """A tiny PNG whose header declares 100000 x 100000 gray pixels (10 gigapixels)."""
    return png(100_000, 100_000, 0, zlib.compress(b"\x00" * 1000))


def jpeg(image: Image.Image, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, "JPEG", **options)
    return out.getvalue()


def with_orientation(image: Image.Image, orientation: int) -> bytes:
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = orientation
    return jpeg(image, quality=95, exif=exif.tobytes())


def lcms_srgb_profile() -> bytes:
    """LittleCMS stamps profiles with the time of creation; zero the date and the profile ID
    (which hashes it) so the sample is the same on every run."""
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    profile[24:36] = bytes(12)
    profile[84:100] = bytes(16)
    return bytes(profile)


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def cv2_png(array: np.ndarray) -> bytes:
    ok, data = cv2.imencode(".png", array)
    assert ok
    return data.tobytes()


def with_black_ink(image: Image.Image) -> Image.Image:
    """CMYK with a real K channel (convert("CMYK") leaves K at 0): a left-to-right black ramp."""
    cmyk = np.array(image.convert("CMYK"))
    cmyk[:, :, 3] = np.linspace(0, 200, image.width, dtype=np.uint8)[None, :]
    return Image.fromarray(cmyk, "CMYK")


def sample_images() -> dict[str, bytes]:
    photo = scene(64, 48)
    palette = photo.quantize(colors=32)
    palette_with_transparency = palette.copy()
    palette_with_transparency.info["transparency"] = 3
    rgba = photo.copy()
    rgba.putalpha(Image.linear_gradient("L").resize(photo.size))
    gray16 = (np.asarray(photo.convert("L"), np.uint16) * 257 + np.arange(48)[:, None]).astype(
        np.uint16
    )
    rgb16 = np.asarray(photo, np.uint16)[:, :, ::-1] * 257
    truncated_source = scene(64, 48, seed=11)

    images = {
        "rgb.png": encoded(scene(160, 120), "PNG"),
        "rgb.jpg": jpeg(photo, quality=90),
        "rgb-444.jpg": jpeg(photo, quality=90, subsampling=0),
        "progressive.jpg": jpeg(photo, quality=90, progressive=True),
        # LittleCMS's own sRGB profile: not byte-identical to Java's, so a colour-managed reader
        # converts through it and drifts off PIL's raw decode by one level here and there.
        "icc-profile.jpg": jpeg(photo, quality=90, icc_profile=lcms_srgb_profile()),
        "gray.jpg": jpeg(photo.convert("L"), quality=90),
        "cmyk.jpg": jpeg(photo.convert("CMYK"), quality=90),
        "cmyk-black.jpg": jpeg(with_black_ink(photo), quality=90),
        "large.jpg": jpeg(scene(256, 192), quality=85),
        "gray.png": encoded(photo.convert("L"), "PNG"),
        "gray16.png": cv2_png(gray16),
        "rgb16.png": cv2_png(rgb16),
        "bilevel.png": encoded(photo.convert("1"), "PNG"),
        "palette.png": encoded(palette_with_transparency, "PNG"),
        "rgba.png": encoded(rgba, "PNG"),
        "gray-alpha.png": encoded(rgba.convert("LA"), "PNG"),
        "interlaced.png": interlaced_png(photo),
        "one-pixel.png": encoded(Image.new("RGB", (1, 1), (200, 100, 50)), "PNG"),
        "wide.png": encoded(scene(4000, 10), "PNG"),
        "rgb.bmp": encoded(photo, "BMP"),
        "palette.bmp": encoded(palette, "BMP"),
        "palette.gif": encoded(palette, "GIF"),
        "truncated.jpg": jpeg(truncated_source, quality=90)[:1500],
        "truncated-progressive.jpg": jpeg(truncated_source, quality=90, progressive=True)[:1500],
        "truncated.png": encoded(truncated_source, "PNG")[:4000],
        "bomb.png": decompression_bomb_png(),
        "photo.webp": encoded(photo, "WEBP"),
        "photo.tiff": encoded(photo, "TIFF"),
        "not-an-image.txt": b"Hello, this is not an image at all.\n",
    }
    for orientation in range(1, 9):
        images[f"exif-{orientation}.jpg"] = with_orientation(
            scene(24, 16, seed=orientation), orientation
        )
    return images


def decoded_rgb(name: str, data: bytes) -> np.ndarray:
    image = Image.open(io.BytesIO(data))
    if name == "gray16.png":
        # Deliberate difference from PIL: it opens 16-bit gray as mode "I" and convert("RGB")
        # clips every value above 255 to white; the service keeps the high byte, as PIL itself
        # does for 16-bit RGB.
        gray = (np.asarray(image, np.uint32) >> 8).astype(np.uint8)
        return np.repeat(gray[:, :, None], 3, axis=2)
    return np.asarray(ImageOps.exif_transpose(image).convert("RGB"))


DECODABLE = [
    "rgb.png",
    "rgb.jpg",
    "rgb-444.jpg",
    "progressive.jpg",
    "icc-profile.jpg",
    "gray.jpg",
    "cmyk.jpg",
    "cmyk-black.jpg",
    "gray.png",
    "gray16.png",
    "rgb16.png",
    "bilevel.png",
    "palette.png",
    "rgba.png",
    "gray-alpha.png",
    "interlaced.png",
    "one-pixel.png",
    "rgb.bmp",
    "palette.bmp",
    "palette.gif",
] + [f"exif-{orientation}.jpg" for orientation in range(1, 9)]

# (image, width, height): up, down, odd non-square, up in x and down in y, one axis only, extreme
# ratios. Same size is no resize at all, so it needs no golden.
RESIZES = [
    ("rgb.png", 200, 150),
    ("rgb.png", 64, 48),
    ("rgb.png", 37, 53),
    ("rgb.png", 180, 70),
    ("rgb.png", 7, 5),
    ("rgb.png", 160, 31),
    ("rgb.png", 31, 120),
    ("wide.png", 96, 64),
    ("one-pixel.png", 5, 3),
]

TENSORS = [("rgb.png", 40, 56)]

# (JPEG, n): decoded at 1/n by libjpeg's scaled IDCT. Covers 4:2:0, 4:4:4, progressive, gray,
# CMYK and a turned EXIF photo.
SCALED = [
    ("large.jpg", 2),
    ("large.jpg", 4),
    ("large.jpg", 8),
    ("rgb-444.jpg", 2),
    ("progressive.jpg", 4),
    ("gray.jpg", 2),
    ("cmyk.jpg", 2),
    ("exif-6.jpg", 2),
]


def scaled_rgb(data: bytes, denominator: int) -> np.ndarray:
    image = Image.open(io.BytesIO(data))
    width, height = image.size
    image.draft(None, (-(-width // denominator), -(-height // denominator)))
    assert image.size == (-(-width // denominator), -(-height // denominator)), image.size
    return np.asarray(ImageOps.exif_transpose(image).convert("RGB"))


def save_npz(name: str, arrays: dict[str, np.ndarray]) -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        GOLDEN / name, **{key: np.ascontiguousarray(a) for key, a in arrays.items()}
    )


def main() -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    images = sample_images()
    for name, data in images.items():
        (IMAGES / name).write_bytes(data)
    save_npz("decoded.npz", {name: decoded_rgb(name, images[name]) for name in DECODABLE})
    save_npz("scaled.npz", {f"{name}_1of{n}": scaled_rgb(images[name], n) for name, n in SCALED})
    resized = {}
    for name, width, height in RESIZES:
        rgb = Image.open(io.BytesIO(images[name])).convert("RGB")
        resized[f"{name}_{width}x{height}"] = np.asarray(
            rgb.resize((width, height), Image.BILINEAR)
        )
    save_npz("resized.npz", resized)
    tensors = {}
    for name, height, width in TENSORS:
        tensor = preprocess(Image.open(io.BytesIO(images[name])), (height, width))
        tensors[f"{name}_{height}x{width}"] = tensor
    save_npz("tensor.npz", tensors)
    levels = np.arange(256, dtype=np.uint8).reshape(256, 1)
    save_npz("colormap.npz", {"jet": cv2.applyColorMap(levels, cv2.COLORMAP_JET)[:, 0, ::-1]})
    total = sum(
        p.stat().st_size for p in list(IMAGES.rglob("*")) + list(GOLDEN.rglob("*")) if p.is_file()
    )
    print(f"wrote {len(images)} images and goldens, {total / 1024:.0f} KiB in all")


if __name__ == "__main__":
    main()
