"""Semantics-preserving image perturbations, each deterministic given a seed.

Strengths are drawn from the ranges below with ``random.Random(seed)``; the ranges are
tuned so that OCR still reads the instruction (see the legibility audit in the README).
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from typing import Any, Final, cast

import numpy as np
from PIL import Image, ImageEnhance, ImageFilter

BLUR_RADIUS: Final = (1.0, 1.6)
NOISE_SIGMA: Final = (14.0, 22.0)
NOISE_STEP: Final = 6.0
ROTATE_DEGREES: Final = (4.0, 9.0)
JPEG_QUALITY: Final = (12, 20)
JPEG_DOWNSCALE: Final = (0.55, 0.7)
COLOR_CONTRAST: Final = (0.55, 0.75)
PNG_COMPRESS_LEVEL: Final = 3
"""zlib level: 3 is twice as fast as 6 for files about 10% larger (see BENCHMARKS.md)."""


def blur(image: Image.Image, rng: random.Random) -> Image.Image:
    """Gaussian blur."""
    return image.filter(ImageFilter.GaussianBlur(rng.uniform(*BLUR_RADIUS)))


def noise(image: Image.Image, rng: random.Random) -> Image.Image:
    """Additive Gaussian noise with a 2-pixel grain, quantised to steps of `NOISE_STEP`.

    Per-pixel noise is incompressible (a 512 px PNG grows tenfold); a 2x2 grain in coarse
    steps looks the same to a reader at a fraction of the entropy.
    """
    generator = np.random.default_rng(rng.getrandbits(64))
    pixels = np.asarray(image, dtype=np.float32)
    h, w = pixels.shape[:2]
    grain = generator.normal(0.0, rng.uniform(*NOISE_SIGMA), ((h + 1) // 2, (w + 1) // 2) + pixels.shape[2:])
    grain = np.round(grain / NOISE_STEP) * NOISE_STEP
    noisy = pixels + grain.repeat(2, axis=0).repeat(2, axis=1)[:h, :w]
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))


def rotate(image: Image.Image, rng: random.Random) -> Image.Image:
    """Small rotation either way, corners filled with the background colour."""
    angle = rng.uniform(*ROTATE_DEGREES) * rng.choice((-1, 1))
    fill = image.getpixel((0, 0))
    return image.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=fill)


def jpeg(image: Image.Image, rng: random.Random) -> Image.Image:
    """Downscale, re-encode as low-quality JPEG, scale back up."""
    w, h = image.size
    scale = rng.uniform(*JPEG_DOWNSCALE)
    small = image.resize((max(1, int(w * scale)), max(1, int(h * scale))), Image.Resampling.BILINEAR)
    buf = io.BytesIO()
    small.save(buf, format="JPEG", quality=rng.randint(*JPEG_QUALITY))
    buf.seek(0)
    with Image.open(buf) as decoded:
        return decoded.convert(image.mode).resize((w, h), Image.Resampling.BILINEAR)


def color(image: Image.Image, rng: random.Random) -> Image.Image:
    """Lower contrast and tint the whole image with a random colour."""
    low = ImageEnhance.Contrast(image.convert("RGB")).enhance(rng.uniform(*COLOR_CONTRAST))
    tint = tuple(rng.randint(90, 255) for _ in range(3))
    overlay = Image.new("RGB", image.size, tint)
    return Image.blend(low, overlay, 0.3)


PERTURBATIONS: Final[dict[str, Callable[[Image.Image, random.Random], Image.Image]]] = {
    "blur": blur,
    "noise": noise,
    "rotate": rotate,
    "jpeg": jpeg,
    "color": color,
}
PERTURBATION_NAMES: Final[tuple[str, ...]] = tuple(PERTURBATIONS)


def perturb(image: Image.Image, name: str, seed: int) -> Image.Image:
    """Apply the named perturbation; the same (image, name, seed) always gives the same pixels."""
    try:
        transform = PERTURBATIONS[name]
    except KeyError:
        raise ValueError(f"unknown perturbation {name!r}; valid: {', '.join(PERTURBATION_NAMES)}") from None
    return transform(image, random.Random(f"{name}:{seed}"))


LEVELS: Final = 16
"""Levels per channel of the ``png16`` format: 0, 17, 34, ... 255 (4 bits)."""
_TO_LEVELS: Final = [round(v / (255 / (LEVELS - 1))) * (255 // (LEVELS - 1)) for v in range(256)]
Z_RLE: Final = 3
"""zlib strategy run-length: for 4-bit greyscale text images as small as level 3 and about 40% faster."""


def quantise(image: Image.Image) -> Image.Image:
    """Every channel to the nearest of `LEVELS` evenly spaced levels (the pixels ``png16`` sends)."""
    return image.point(_TO_LEVELS * len(image.getbands()))


def _palette(image: Image.Image) -> Image.Image:
    """The same pixels as a palette image, when a quantised RGB image has at most 256 colours."""
    colours = image.getcolors(256)
    if colours is None:
        return image
    bits = (LEVELS - 1).bit_length()
    shift = 8 - bits  # a level's index is its top bits: 17 * k >> 4 == k

    def key(r: Any, g: Any, b: Any) -> Any:
        return (r >> shift << 2 * bits) | (g >> shift << bits) | (b >> shift)

    rgb = np.asarray(image).astype(np.uint16)
    index = np.zeros(1 << 3 * bits, np.uint8)
    palette: list[int] = []
    for i, (_, colour) in enumerate(colours):
        r, g, b = cast(tuple[int, int, int], colour)
        index[key(r, g, b)] = i
        palette += [r, g, b]
    out = Image.fromarray(index[key(rgb[..., 0], rgb[..., 1], rgb[..., 2])], "P")
    out.putpalette(palette)
    return out


def encode(image: Image.Image, image_format: str) -> bytes:
    """Encode as PNG (lossless), 16-level PNG (``png16``), or high-quality JPEG / WebP.

    ``png16`` sends `quantise`'s pixels, stored losslessly: greyscale as a 4-bit greyscale PNG,
    colour as a palette PNG when it has at most 256 colours (every plain-style perturbation),
    else as 8-bit RGB. For the plain style it is about half the bytes of ``png`` (see
    BENCHMARKS.md) and OCR reads it as well.
    """
    buf = io.BytesIO()
    if image_format == "png":
        image.save(buf, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
    elif image_format == "png16":
        levels = quantise(image if image.mode in ("L", "RGB", "RGBA") else image.convert("RGB"))
        if levels.mode == "L":
            levels.save(buf, format="PNG", bits=(LEVELS - 1).bit_length(), compress_type=Z_RLE)
        else:
            if levels.mode == "RGB":
                levels = _palette(levels)
            levels.save(buf, format="PNG", compress_level=PNG_COMPRESS_LEVEL)
    elif image_format == "jpeg":
        image.save(buf, format="JPEG", quality=90)
    elif image_format == "webp":
        image.save(buf, format="WEBP", quality=90, method=4)
    else:
        raise ValueError(f"unknown image_format {image_format!r}; valid: {', '.join(IMAGE_FORMATS)}")
    return buf.getvalue()


IMAGE_FORMATS: Final[tuple[str, ...]] = ("png", "jpeg", "webp", "png16")
MIME_TYPES: Final[dict[str, str]] = {
    "png16": "image/png",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
}
