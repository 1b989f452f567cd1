"""OCR of rendered images with RapidOCR, whose wheel ships its ONNX models (no download)."""

from __future__ import annotations

import io
import threading
from functools import lru_cache
from typing import Any

import numpy as np
from PIL import Image

_lock = threading.Lock()


@lru_cache(maxsize=1)
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def ocr_image(image: Image.Image) -> str:
    """Text read from an image, lines joined by spaces in reading order ('' when none)."""
    pixels = np.asarray(image.convert("RGB"))
    with _lock:  # one inference at a time: the engine is not documented as thread-safe
        result, _ = _engine()(pixels)
    return " ".join(str(line[1]) for line in result or [])


def ocr_bytes(data: bytes) -> str:
    """`ocr_image` on encoded image bytes."""
    with Image.open(io.BytesIO(data)) as image:
        return ocr_image(image)
